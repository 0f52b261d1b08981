// The person's path for /persona CODE: every recorded step in date order, readable by whoever may read the plan
// (own sites, on-call shift, break-the-glass grant) and audited like a plan read.
import { inDateOrder, type PathStep, transfersOf } from "../domain/person-path.ts";
import type { Actor } from "../domain/permissions.ts";
import { normalisePersonCode } from "../domain/people.ts";
import { localDate } from "../domain/weeks.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed } from "./errors.ts";
import { accessVia, loadScopedPerson } from "./plan-access.ts";
import { openShortName } from "./person-names.ts";

export interface PersonPathView {
  personId: number;
  code: string;
  shortName: string;
  steps: PathStep[];
}

export async function personPath(
  deps: ServiceDeps,
  actor: Actor,
  who: { code: string } | { id: number },
  page: number,
): Promise<PersonPathView> {
  const where = "code" in who ? { code: normalisePersonCode(who.code) ?? "" } : { id: who.id };
  const person = await loadScopedPerson(deps, where);
  const now = deps.clock();
  const via = person && (await accessVia(deps, actor, person, now));
  if (!person || !via) throw notFoundOrNotAllowed();
  const id = person.id;
  const [row, referrals, statuses, sites, plans, internships, hires, stays, courses, events] = await Promise.all([
    deps.db.person.findUniqueOrThrow({
      where: { id },
      select: { intakeOn: true, dischargeOn: true, dischargeOutcome: true },
    }),
    deps.db.referral.findMany({ where: { personId: id } }),
    deps.db.legalStatusPeriod.findMany({ where: { personId: id } }),
    deps.db.personSite.findMany({ where: { personId: id } }),
    deps.db.plan.findMany({ where: { personId: id }, select: { version: true, createdAt: true } }),
    deps.db.internship.findMany({ where: { personId: id }, include: { host: true, extensions: true } }),
    deps.db.hire.findMany({ where: { personId: id }, include: { employer: true } }),
    deps.db.housingStay.findMany({
      where: { personId: id },
      include: { bed: { include: { house: true } }, renewals: true },
    }),
    deps.db.rosterEnrollment.findMany({
      where: { personId: id, activity: { kind: "certified_training" } },
      include: { activity: { select: { name: true, courseHours: true } } },
    }),
    deps.db.criticalEventPerson.findMany({ where: { personId: id }, include: { event: true } }),
  ]);
  const firstSite = [...sites].sort((a, b) => a.fromOn.localeCompare(b.fromOn))[0];
  const steps: PathStep[] = [
    ...referrals.flatMap((r): PathStep[] => [
      { on: r.receivedOn, type: "referral", source: r.source, status: r.status },
      ...(r.status === "declined" && r.decidedOn && r.declineReason
        ? [{ on: r.decidedOn, type: "referral_declined" as const, reason: r.declineReason }]
        : []),
    ]),
    ...(firstSite ? [{ on: row.intakeOn, type: "intake" as const, siteId: firstSite.siteId }] : []),
    ...statuses.map((s) => ({ on: s.fromOn, type: "legal_status" as const, status: s.status })),
    ...transfersOf(sites).map((t) => ({ ...t, type: "transfer" as const })),
    ...plans.map((p) => ({ on: localDate(p.createdAt, deps.timeZone), type: "plan" as const, version: p.version })),
    ...internships.flatMap((i): PathStep[] => {
      const firstEnd = [...i.extensions].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0]
        ?.previousEndOn;
      return [
        { on: i.startsOn, type: "internship_start", host: i.host.name, until: firstEnd ?? i.plannedEndOn },
        ...i.extensions.map((e) => ({
          on: e.decidedOn,
          type: "internship_extension" as const,
          host: i.host.name,
          until: e.newEndOn,
        })),
        ...(i.endsOn && i.outcome
          ? [{ on: i.endsOn, type: "internship_end" as const, host: i.host.name, outcome: i.outcome }]
          : []),
      ];
    }),
    ...hires.map((h) => ({
      on: h.hiredOn,
      type: "hire" as const,
      employer: h.employer?.name ?? "—",
      contract: h.contract,
    })),
    ...stays.flatMap((s): PathStep[] => {
      const bed = `${s.bed.house.name} · ${s.bed.label}`;
      const renewals = [...s.renewals].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      return [
        { on: s.fromOn, type: "housing_in", bed, until: renewals[0]?.previousEndOn ?? s.plannedEndOn },
        ...renewals.map((r) => ({ on: r.decidedOn, type: "housing_renewal" as const, bed, until: r.newEndOn })),
        ...(s.toOn ? [{ on: s.toOn, type: "housing_out" as const, bed }] : []),
      ];
    }),
    ...courses.flatMap((c): PathStep[] => [
      { on: c.enrolledOn, type: "course_enrolment", course: c.activity.name, hours: c.activity.courseHours },
      ...(c.completedOn ? [{ on: c.completedOn, type: "course_completed" as const, course: c.activity.name }] : []),
      ...(c.certificateOn
        ? [{ on: c.certificateOn, type: "course_certificate" as const, course: c.activity.name }]
        : []),
    ]),
    ...events.map((e) => ({
      on: e.event.occurredOn,
      type: "event" as const,
      kind: e.event.kind,
      severity: e.event.severity,
    })),
    ...(row.dischargeOn
      ? [{ on: row.dischargeOn, type: "discharge" as const, outcome: row.dischargeOutcome ?? "other" }]
      : []),
  ];
  await recordAudit(deps.db, deps.cipher, {
    actorId: actor.staffId,
    action: "person.path_view",
    subjectType: "person",
    subjectId: person.code,
    personId: person.id,
    details: { via, page },
    at: now,
  });
  return {
    personId: person.id,
    code: person.code,
    shortName: openShortName(deps.cipher, person),
    steps: inDateOrder(steps),
  };
}
