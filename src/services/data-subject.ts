// Data-subject requests (GDPR arts. 15 and 17): export everything about one person, or erase what identifies them
// while keeping anonymous records, so that past reports still add up.
import { normalisePersonCode } from "../domain/people.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import type { SealedColumn } from "./sealed-columns.ts";
import { ServiceError } from "./errors.ts";

export const ERASED_TEXT = "—";

function erasedOr<T>(text: string, read: (text: string) => T): T | null {
  return text === ERASED_TEXT ? null : read(text);
}

export async function findPerson(deps: ServiceDeps, code: string) {
  const normalised = normalisePersonCode(code) ?? code.trim().toUpperCase();
  const person = await deps.db.person.findUnique({ where: { code: normalised } });
  if (!person) throw new ServiceError("error-not-found-or-not-allowed");
  return person;
}

export async function exportPerson(deps: ServiceDeps, code: string, actorId: number | null = null) {
  const { cipher, db } = deps;
  const open = (value: string | null, column: SealedColumn, row: number) => cipher.decryptOptional(value, column, row);
  const person = await findPerson(deps, code);
  const [sites, fragilities, plans, attendance, events, internships, housing, audit] = await Promise.all([
    db.personSite.findMany({
      where: { personId: person.id },
      include: { site: { select: { name: true } } },
      orderBy: { fromOn: "asc" },
    }),
    db.personFragility.findMany({ where: { personId: person.id } }),
    db.plan.findMany({
      where: { personId: person.id },
      include: { goals: true, interventions: true, network: true },
      orderBy: { version: "asc" },
    }),
    db.attendance.findMany({
      where: { personId: person.id },
      include: { session: { include: { _count: { select: { attendance: true } } } } },
      orderBy: { session: { occurredAt: "asc" } },
    }),
    db.criticalEventPerson.findMany({
      where: { personId: person.id },
      include: { event: { include: { followUps: true } } },
    }),
    db.internship.findMany({
      where: { personId: person.id },
      include: { host: true, extensions: true, allowances: { orderBy: { month: "asc" } } },
      orderBy: { startsOn: "asc" },
    }),
    db.housingStay.findMany({
      where: { personId: person.id },
      include: { bed: { include: { house: true } }, renewals: true },
      orderBy: { fromOn: "asc" },
    }),
    db.auditEntry.findMany({ where: { personId: person.id }, orderBy: { at: "asc" } }),
  ]);
  const [legalStatuses, referrals, hires, courses, recordChanges, releases, handovers] = await Promise.all([
    db.legalStatusPeriod.findMany({ where: { personId: person.id }, orderBy: { fromOn: "asc" } }),
    db.referral.findMany({ where: { personId: person.id }, include: { site: { select: { name: true } } } }),
    db.hire.findMany({ where: { personId: person.id }, include: { employer: true }, orderBy: { hiredOn: "asc" } }),
    db.rosterEnrollment.findMany({
      where: { personId: person.id, activity: { kind: "certified_training" } },
      include: { activity: { select: { name: true, courseHours: true } } },
    }),
    db.personRecordChange.findMany({ where: { personId: person.id }, orderBy: { changedAt: "asc" } }),
    db.releasePlan.findMany({ where: { personId: person.id }, include: { services: true }, orderBy: { id: "asc" } }),
    db.handover.findMany({
      where: { personId: person.id },
      include: { fromSite: { select: { name: true } }, toSite: { select: { name: true } } },
      orderBy: { id: "asc" },
    }),
  ]);
  const document = {
    exportedAt: deps.clock().toISOString(),
    person: {
      code: person.code,
      givenName: open(person.givenNameEnc, "Person.givenNameEnc", person.id),
      familyName: open(person.familyNameEnc, "Person.familyNameEnc", person.id),
      birthYear: person.birthYear,
      gender: person.gender,
      referringService: person.referringService,
      intakeOn: person.intakeOn,
      dischargeOn: person.dischargeOn,
      dischargeOutcome: person.dischargeOutcome,
      sites: sites.map((s) => ({ site: s.site.name, fromOn: s.fromOn, toOn: s.toOn })),
      fragilities: fragilities.map((f) => f.flag),
    },
    legalStatuses: legalStatuses.map((p) => ({ status: p.status, fromOn: p.fromOn })),
    referrals: referrals.map((r) => ({
      site: r.site.name,
      receivedOn: r.receivedOn,
      source: r.source,
      institution: r.institution,
      status: r.status,
      decidedOn: r.decidedOn,
      declineReason: r.declineReason,
    })),
    recordCorrections: recordChanges.map((c) => ({
      at: c.changedAt.toISOString(),
      changes: erasedOr(
        cipher.decrypt(c.changesEnc, "PersonRecordChange.changesEnc", c.id),
        (text) => JSON.parse(text) as unknown,
      ),
    })),
    protectedDischarges: releases.map((release) => ({
      releaseOn: release.releaseOn,
      trigger: release.trigger,
      status: release.status,
      firstContactOn: release.firstContactOn,
      services: release.services.map((service) => ({
        kind: service.kind,
        contact: open(service.contactEnc, "ReleaseService.contactEnc", service.id),
        firstAppointmentOn: service.firstAppointmentOn,
        consentOn: service.consentOn,
        consentScope: service.consentScope,
        consentWithdrawnOn: service.consentWithdrawnOn,
      })),
    })),
    handovers: handovers.map((handover) => ({
      from: handover.fromSite.name,
      to: handover.toSite.name,
      status: handover.status,
      requestedAt: handover.requestedAt.toISOString(),
      acceptedAt: handover.acceptedAt?.toISOString() ?? null,
    })),
    plans: plans.map((plan) => ({
      version: plan.version,
      status: plan.status,
      generalObjective: open(plan.generalObjectiveEnc, "Plan.generalObjectiveEnc", plan.id),
      crisisNotes: open(plan.crisisNotesEnc, "Plan.crisisNotesEnc", plan.id),
      reviewOn: plan.reviewOn,
      signedByPersonOn: plan.signedByPersonOn,
      createdAt: plan.createdAt.toISOString(),
      goals: plan.goals.map((g) => ({
        area: g.area,
        text: open(g.textEnc, "PlanGoal.textEnc", g.id),
        status: g.status,
        targetOn: g.targetOn,
      })),
      interventions: plan.interventions.map((i) => ({
        area: i.area,
        what: open(i.whatEnc, "PlanIntervention.whatEnc", i.id),
        who: i.who,
        frequency: i.frequency,
      })),
      network: plan.network.map((n) => ({
        service: n.service,
        referent: open(n.referentEnc, "PlanNetworkContact.referentEnc", n.id),
        phone: open(n.phoneEnc, "PlanNetworkContact.phoneEnc", n.id),
      })),
    })),
    sessions: attendance.map((a) => ({
      kind: a.session.kind,
      occurredOn: a.session.occurredOn,
      durationMinutes: a.session.durationMinutes,
      status: a.status,
      voided: a.session.voidedAt !== null,
      // Notes of sessions about this person alone; a group's notes concern others too.
      note: a.session._count.attendance === 1 ? open(a.session.noteEnc, "Session.noteEnc", a.session.id) : null,
    })),
    criticalEvents: events.map(({ event }) => ({
      kind: event.kind,
      severity: event.severity,
      occurredAt: event.occurredAt.toISOString(),
      description: open(event.descriptionEnc, "CriticalEvent.descriptionEnc", event.id),
      status: event.status,
      followUps: event.followUps.map((f) => ({
        at: f.at.toISOString(),
        text: open(f.textEnc, "EventFollowUp.textEnc", f.id),
      })),
    })),
    internships: internships.map((i) => ({
      host: i.host.name,
      startsOn: i.startsOn,
      plannedEndOn: i.plannedEndOn,
      endsOn: i.endsOn,
      hoursPerWeek: i.hoursPerWeek,
      monthlyAllowanceCents: i.monthlyAllowanceCents,
      allowancePayer: i.allowancePayer,
      status: i.status,
      outcome: i.outcome,
      interruptionReason: i.interruptionReason,
      extensions: i.extensions.map((e) => ({ decidedOn: e.decidedOn, from: e.previousEndOn, to: e.newEndOn })),
      allowancesPaid: i.allowances.map((a) => ({ month: a.month, amountCents: a.amountCents })),
    })),
    hires: hires.map((h) => ({
      hiredOn: h.hiredOn,
      employer: h.employer?.name ?? null,
      contract: h.contract,
      afterInternship: h.internshipId !== null,
    })),
    housingStays: housing.map((h) => ({
      house: h.bed.house.name,
      bed: h.bed.label,
      fromOn: h.fromOn,
      toOn: h.toOn,
      plannedEndOn: h.plannedEndOn,
      renewals: h.renewals.map((r) => ({ decidedOn: r.decidedOn, from: r.previousEndOn, to: r.newEndOn })),
    })),
    certifiedCourses: courses.map((c) => ({
      course: c.activity.name,
      hours: c.activity.courseHours,
      enrolledOn: c.enrolledOn,
      withdrawnOn: c.withdrawnOn,
      completedOn: c.completedOn,
      certificateOn: c.certificateOn,
    })),
    accessLog: audit.map((entry) => ({ at: entry.at.toISOString(), action: entry.action, actorId: entry.actorId })),
  };
  await recordAudit(db, cipher, {
    actorId,
    action: "person.export",
    subjectType: "person",
    subjectId: person.code,
    personId: person.id,
    at: deps.clock(),
  });
  return document;
}
