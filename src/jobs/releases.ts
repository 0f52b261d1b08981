// Protected-discharge reminders: 30, 14, 7 and 2 days before a release, whoever prepares it hears what is still
// missing (nothing when the checklist is complete). One message per milestone and person, from 08:00, through the
// outbox under the key release_reminder:<release>:<date>:<days>:<staff>, so restarts never repeat one.
import { dueReleaseReminder, isComplete, missingItemsText } from "../domain/release.ts";
import { dayMonthYear } from "../domain/schedule.ts";
import { daysBetween, localDate } from "../domain/weeks.ts";
import { translatorFor } from "../i18n.ts";
import { enqueueDelivery } from "../services/deliveries.ts";
import type { ServiceDeps } from "../services/deps.ts";
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

/** Release reminders, handovers left unaccepted a working day (to the admins), and sending teams' reads ended. */
export function releasesJob(env: JobEnv): Job {
  return {
    name: "releases",
    everyMs: 15 * 60_000,
    run: async () => {
      const queued = (await queueReleaseReminders(env.deps)) + (await escalateHandovers(env.deps));
      await endHandoverReads(env.deps);
      if (queued > 0) env.outbox.kick();
    },
  };
}
