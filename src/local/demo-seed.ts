// Writes the demo world into an empty, migrated database: one transaction, one createMany per table.
// Names and free text are encrypted for their rows and names get their search tokens, exactly as the services store
// them.
import type { Db } from "../db/client.ts";
import { followWrittenIds } from "../db/row-ids.ts";
import { organisationKey } from "../domain/internships.ts";
import type { Cipher } from "../services/crypto.ts";
import type { RowId, SealedColumn } from "../services/sealed-columns.ts";
import type { DemoWorld } from "./demo-data.ts";

export async function seedDemoDatabase(db: Db, cipher: Cipher, world: DemoWorld): Promise<void> {
  if ((await db.programme.count()) > 0) throw new Error("the demo database is not empty");
  const seal = (text: string, column: SealedColumn, id: RowId) => cipher.encrypt(text, column, id);
  // Creation times come from the world, not the database's now(): the reminder job skips occurrences older than their
  // activity, and digests count staff and activities from their creation.
  const createdAt = world.setUpAt;
  await db.$transaction(
    async (tx) => {
      await tx.programme.create({ data: { ...world.programme, createdAt } });
      await tx.site.createMany({
        data: world.sites.map((site) => ({ ...site, programmeId: world.programme.id, createdAt })),
      });
      await tx.staff.createMany({
        data: world.staff.map(({ memberships: _memberships, telegramId, ...member }) => ({
          ...member,
          telegramId: BigInt(telegramId),
          createdAt,
        })),
      });
      await tx.membership.createMany({
        data: world.staff.flatMap((member) =>
          member.memberships.map((m) => ({
            staffId: member.id,
            role: m.role,
            siteId: m.siteId,
            programmeId: null,
            createdAt,
          })),
        ),
      });

      await tx.person.createMany({
        data: world.people.map(
          ({ givenName, familyName, siteId: _siteId, fragilities: _fragilities, legalStatus: _status, ...person }) => ({
            ...person,
            givenNameEnc: seal(givenName, "Person.givenNameEnc", person.id),
            familyNameEnc: seal(familyName, "Person.familyNameEnc", person.id),
            createdAt,
          }),
        ),
      });
      await tx.personSite.createMany({ data: world.personSites });
      await tx.legalStatusPeriod.createMany({
        data: [
          ...world.people.map((p) => ({ personId: p.id, status: p.legalStatus, fromOn: p.intakeOn })),
          ...world.legalStatusChanges,
        ],
      });
      for (const { siteId, staffId } of world.networkWorkers)
        await tx.site.update({ where: { id: siteId }, data: { networkWorkerId: staffId } });
      // The demo database is empty: receiving services are numbered from 1, each contact sealed for its row.
      let serviceId = 0;
      for (const { services, ...release } of world.releases) {
        await tx.releasePlan.create({
          data: {
            ...release,
            trigger: "legal_status",
            createdAt,
            services: {
              create: services.map(({ contact, ...service }) => {
                serviceId++;
                return {
                  ...service,
                  id: serviceId,
                  contactEnc: seal(contact, "ReleaseService.contactEnc", serviceId),
                  createdAt,
                };
              }),
            },
          },
        });
      }
      await tx.referral.createMany({
        data: world.referrals.map(({ givenName, familyName, ...referral }) => ({
          ...referral,
          givenNameEnc: givenName === null ? null : seal(givenName, "Referral.givenNameEnc", referral.id),
          familyNameEnc: familyName === null ? null : seal(familyName, "Referral.familyNameEnc", referral.id),
        })),
      });
      await tx.personFragility.createMany({
        data: world.people.flatMap((p) => p.fragilities.map((flag) => ({ personId: p.id, flag }))),
      });
      await tx.personNameToken.createMany({
        data: world.people.flatMap((p) =>
          cipher.nameTokens(p.givenName, p.familyName).map((token) => ({ personId: p.id, token })),
        ),
      });

      await tx.plan.createMany({
        data: world.plans.map(
          ({
            goals: _goals,
            interventions: _interventions,
            network: _network,
            generalObjective,
            crisisNotes,
            ...plan
          }) => ({
            ...plan,
            generalObjectiveEnc: seal(generalObjective, "Plan.generalObjectiveEnc", plan.id),
            crisisNotesEnc: seal(JSON.stringify(crisisNotes), "Plan.crisisNotesEnc", plan.id),
          }),
        ),
      });
      await tx.planGoal.createMany({
        data: world.plans.flatMap((plan) =>
          plan.goals.map((goal) => ({
            id: goal.id,
            planId: plan.id,
            area: goal.area,
            textEnc: seal(goal.text, "PlanGoal.textEnc", goal.id),
            targetOn: goal.targetOn,
          })),
        ),
      });
      await tx.planIntervention.createMany({
        data: world.plans.flatMap((plan) =>
          plan.interventions.map(({ what, ...rest }) => ({
            ...rest,
            planId: plan.id,
            whatEnc: seal(what, "PlanIntervention.whatEnc", rest.id),
          })),
        ),
      });
      await tx.planNetworkContact.createMany({
        data: world.plans.flatMap((plan) =>
          plan.network.map((contact) => ({
            id: contact.id,
            planId: plan.id,
            service: contact.service,
            referentEnc: seal(contact.referent, "PlanNetworkContact.referentEnc", contact.id),
            phoneEnc: seal(contact.phone, "PlanNetworkContact.phoneEnc", contact.id),
          })),
        ),
      });

      await tx.activity.createMany({
        data: world.activities.map((a) => ({
          id: a.id,
          siteId: a.siteId,
          name: a.name,
          kind: a.kind,
          courseHours: a.courseHours,
          createdAt,
        })),
      });
      await tx.activitySchedule.createMany({
        data: world.activities.flatMap((a) => a.schedules.map((s) => ({ ...s, activityId: a.id }))),
      });
      await tx.activityFacilitator.createMany({
        data: world.activities.flatMap((a) => a.facilitatorIds.map((staffId) => ({ activityId: a.id, staffId }))),
      });
      await tx.rosterEnrollment.createMany({
        data: world.activities.flatMap((a) => a.roster.map((entry) => ({ ...entry, activityId: a.id }))),
      });

      await tx.session.createMany({
        data: world.sessions.map(
          ({ note, operatorIds: _operators, attendance: _attendance, goalIds: _goals, ...session }) => ({
            ...session,
            noteEnc: note === null ? null : seal(note, "Session.noteEnc", session.id),
          }),
        ),
      });
      await tx.sessionOperator.createMany({
        data: world.sessions.flatMap((s) => s.operatorIds.map((staffId) => ({ sessionId: s.id, staffId }))),
      });
      await tx.attendance.createMany({
        data: world.sessions.flatMap((s) => s.attendance.map((row) => ({ ...row, sessionId: s.id }))),
      });
      await tx.sessionGoal.createMany({
        data: world.sessions.flatMap((s) => s.goalIds.map((goalId) => ({ sessionId: s.id, goalId }))),
      });

      await tx.criticalEvent.createMany({
        data: world.events.map(
          ({ description, actions, personIds: _people, acknowledgedBy: _acks, followUps: _followUps, ...event }) => ({
            ...event,
            descriptionEnc: seal(description, "CriticalEvent.descriptionEnc", event.id),
            actionsEnc: seal(actions, "CriticalEvent.actionsEnc", event.id),
          }),
        ),
      });
      await tx.criticalEventPerson.createMany({
        data: world.events.flatMap((e) => e.personIds.map((personId) => ({ eventId: e.id, personId }))),
      });
      await tx.eventAcknowledgement.createMany({
        data: world.events.flatMap((e) => e.acknowledgedBy.map((ack) => ({ eventId: e.id, ...ack }))),
      });
      await tx.eventFollowUp.createMany({
        data: world.events.flatMap((e) =>
          e.followUps.map((f) => ({
            id: f.id,
            eventId: e.id,
            authorId: f.authorId,
            textEnc: seal(f.text, "EventFollowUp.textEnc", f.id),
            at: f.at,
          })),
        ),
      });

      await tx.organisation.createMany({
        data: world.organisations.map((o) => ({ ...o, nameKey: organisationKey(o.name) })),
      });
      await tx.internship.createMany({
        data: world.internships.map(({ extensions: _extensions, allowancesPaid: _paid, ...internship }) => internship),
      });
      await tx.internshipExtension.createMany({
        data: world.internships.flatMap((i) => i.extensions.map((e) => ({ ...e, internshipId: i.id }))),
      });
      await tx.allowancePayment.createMany({
        data: world.internships.flatMap((i) => i.allowancesPaid.map((a) => ({ ...a, internshipId: i.id }))),
      });
      await tx.hire.createMany({ data: world.hires });
      await tx.house.createMany({ data: world.houses.map(({ beds: _beds, ...house }) => house) });
      await tx.bed.createMany({ data: world.houses.flatMap((h) => h.beds.map((b) => ({ ...b, houseId: h.id }))) });
      await tx.housingStay.createMany({ data: world.housingStays.map(({ renewals: _renewals, ...stay }) => stay) });
      await tx.stayRenewal.createMany({
        data: world.housingStays.flatMap((s) => s.renewals.map((r) => ({ ...r, stayId: s.id }))),
      });
      await tx.onCallShift.createMany({ data: world.onCallShifts.map(({ siteIds: _sites, ...shift }) => shift) });
      await tx.onCallShiftSite.createMany({
        data: world.onCallShifts.flatMap((shift) => shift.siteIds.map((siteId) => ({ shiftId: shift.id, siteId }))),
      });
      await followWrittenIds(tx);
    },
    { timeout: 30_000 },
  );
}
