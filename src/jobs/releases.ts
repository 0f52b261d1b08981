// Protected-discharge reminders: 30, 14, 7 and 2 days before a release, whoever prepares it hears what is still
// missing (nothing when the checklist is complete). One message per milestone and person, from 08:00, through the
// outbox under the key release_reminder:<release>:<date>:<days>:<staff>, so restarts never repeat one. After the
// release, 7 days without a first contact alert the case manager and the coordinators, once.
import { FIRST_CONTACT_DAYS, firstContactStatus } from "../domain/first-contact.ts";
import { dueReleaseReminder, isComplete, missingItemsText } from "../domain/release.ts";
import { dayMonthYear } from "../domain/schedule.ts";
import { addDaysIso, daysBetween, localDate } from "../domain/weeks.ts";
import { translate, translatorFor } from "../i18n.ts";
import { recordAudit } from "../services/audit.ts";
import { enqueueDelivery } from "../services/deliveries.ts";
import type { ServiceDeps } from "../services/deps.ts";
import { recordFirstContactData, releaseContacts } from "../services/first-contact.ts";
import { openShortName, SEALED_NAME } from "../services/person-names.ts";
import { endHandoverReads, escalateHandovers } from "../services/handover.ts";
import { releasesAhead } from "../services/release-checklist.ts";
import { openReleaseData } from "../services/release.ts";
import { officeHoursStart } from "./plan-reviews.ts";
import type { Job, JobEnv } from "./scheduler.ts";

/** Queues the reminders due today; returns how many were new. */
export async function queueReleaseReminders(deps: ServiceDeps): Promise<number> {
  const now = deps.clock();
  const today = localDate(now, deps.timeZone);
  let queued = 0;
  for (const release of await releasesAhead(deps)) {
    const milestone = dueReleaseReminder(release.releaseOn, release.openedOn, today);
    if (milestone === null || isComplete(release.missing)) continue;
    for (const recipient of release.recipients) {
      const t = translatorFor(recipient.locale);
      const message = {
        text: t("release-reminder", {
          person: release.personLabel,
          days: daysBetween(today, release.releaseOn),
          date: dayMonthYear(release.releaseOn),
          items: missingItemsText(release.missing, t),
        }),
        buttons: [[{ text: t("release-open-button"), data: openReleaseData(release.id) }]],
      };
      const request = {
        dedupeKey: `release_reminder:${release.id}:${release.releaseOn}:${milestone}:${recipient.id}`,
        kind: "release_reminder",
        recipientId: recipient.id,
        message,
        notBefore: officeHoursStart(today, deps.timeZone),
      };
      if (await enqueueDelivery(deps.db, deps.cipher, request, now)) queued++;
    }
  }
  return queued;
}

/** How far back the alert job looks: releases whose 7 days ended within the last 30 days. */
const ALERT_LOOKBACK_DAYS = 30;

/**
 * Released people not seen in the 7 days after their release day: the case manager and the site's coordinators are
 * told once (outbox key first_contact_missing:<release>:<day>:<staff>), from 08:00, audited once per release.
 */
export async function queueFirstContactAlerts(deps: ServiceDeps): Promise<number> {
  const now = deps.clock();
  const today = localDate(now, deps.timeZone);
  const lastDeadline = addDaysIso(today, -1);
  const sites = await deps.db.site.findMany({ select: { id: true } });
  const releases = await releaseContacts(
    deps,
    sites.map((site) => site.id),
    {
      from: addDaysIso(lastDeadline, -FIRST_CONTACT_DAYS - ALERT_LOOKBACK_DAYS),
      to: addDaysIso(lastDeadline, -FIRST_CONTACT_DAYS),
    },
  );
  let queued = 0;
  for (const release of releases) {
    if (firstContactStatus(release, today, deps.timeZone) !== "missed") continue;
    queued += await deps.db.$transaction(async (tx) => {
      const person = await tx.person.findUniqueOrThrow({
        where: { id: release.personId },
        select: { ...SEALED_NAME, code: true, caseManagerId: true },
      });
      const recipients = await tx.staff.findMany({
        where: {
          active: true,
          OR: [
            { id: person.caseManagerId ?? -1 },
            { memberships: { some: { role: "coordinator", siteId: release.siteId } } },
          ],
        },
        select: { id: true, locale: true },
        orderBy: { id: "asc" },
      });
      let fresh = 0;
      for (const recipient of recipients) {
        const message = {
          text: translate(recipient.locale, "first-contact-missed-alert", {
            person: `${person.code} · ${openShortName(deps.cipher, person)}`,
            date: dayMonthYear(release.releaseOn),
            days: FIRST_CONTACT_DAYS,
          }),
          buttons: [
            [
              {
                text: translate(recipient.locale, "first-contact-record-button"),
                data: recordFirstContactData(release.releasePlanId),
              },
            ],
          ],
        };
        const request = {
          dedupeKey: `first_contact_missing:${release.releasePlanId}:${release.releaseOn}:${recipient.id}`,
          kind: "first_contact_missing",
          recipientId: recipient.id,
          message,
          notBefore: officeHoursStart(today, deps.timeZone),
        };
        if (await enqueueDelivery(tx, deps.cipher, request, now)) fresh++;
      }
      if (fresh > 0)
        await recordAudit(tx, deps.cipher, {
          actorId: null,
          action: "release.first_contact_missed",
          subjectType: "release",
          subjectId: release.releasePlanId,
          personId: release.personId,
          details: { releaseOn: release.releaseOn, recipients: fresh },
          at: now,
        });
      return fresh;
    });
  }
  return queued;
}

/**
 * Release reminders, handovers left unaccepted a working day (to the admins), sending teams' reads ended, and people
 * not seen in the 7 days after their release.
 */
export function releasesJob(env: JobEnv): Job {
  return {
    name: "releases",
    everyMs: 15 * 60_000,
    run: async () => {
      const queued =
        (await queueReleaseReminders(env.deps)) +
        (await escalateHandovers(env.deps)) +
        (await queueFirstContactAlerts(env.deps));
      await endHandoverReads(env.deps);
      if (queued > 0) env.outbox.kick();
    },
  };
}
