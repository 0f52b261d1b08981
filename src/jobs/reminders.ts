// Attendance reminders: after a scheduled occurrence ends, each facilitator gets one message (in their language)
// with a button to that occurrence's roster — unless it is already logged. Only between 08:00 and 20:00 Europe/Rome:
// an occurrence ending outside the window is reminded at the next 08:00. The outbox dedupe key
// reminder:<activity>:<date>:<staff> keeps it to one per occurrence and person, across restarts and instances.
import { openRosterData } from "../bot/features/attendance/callbacks.ts";
import {
  dayMonth,
  isoWeekday,
  isWithinReminderWindow,
  localTime,
  occurrencesBetween,
  reminderDueAt,
} from "../domain/schedule.ts";
import { addDaysIso, localDate } from "../domain/weeks.ts";
import { translatorFor } from "../i18n.ts";
import { groupKeyOf } from "../services/attendance.ts";
import { enqueueDelivery } from "../services/deliveries.ts";
import type { ServiceDeps } from "../services/deps.ts";
import type { Job, JobEnv } from "./scheduler.ts";

export const REMINDER_KIND = "attendance_reminder";
/** Occurrences older than this are not reminded any more (e.g. after a long outage). */
const LOOKBACK_DAYS = 2;

export function reminderKey(activityId: number, date: string, staffId: number): string {
  return `reminder:${activityId}:${date}:${staffId}`;
}

/** Queues the reminders due now; returns how many were queued. */
export async function queueDueReminders(deps: ServiceDeps): Promise<number> {
  const now = deps.clock();
  const { timeZone } = deps;
  if (!isWithinReminderWindow(now, timeZone)) return 0;
  const today = localDate(now, timeZone);
  const activities = await deps.db.activity.findMany({
    where: { active: true, site: { active: true }, schedules: { some: {} } },
    include: { schedules: true, facilitators: { where: { staff: { active: true } }, include: { staff: true } } },
  });
  // One reminder per activity and date (one group session per date), about the first occurrence that ended.
  const due = new Map<string, { activity: (typeof activities)[number]; date: string; startsAt: Date }>();
  for (const activity of activities) {
    if (activity.facilitators.length === 0) continue;
    for (const occurrence of occurrencesBetween(
      addDaysIso(today, -LOOKBACK_DAYS),
      today,
      activity.schedules,
      timeZone,
    )) {
      const key = groupKeyOf(activity.id, occurrence.date);
      if (due.has(key) || occurrence.endsAt <= activity.createdAt || reminderDueAt(occurrence.endsAt, timeZone) > now)
        continue;
      due.set(key, { activity, date: occurrence.date, startsAt: occurrence.startsAt });
    }
  }
  if (due.size === 0) return 0;
  const logged = await deps.db.session.findMany({
    where: { groupKey: { in: [...due.keys()] } },
    select: { groupKey: true },
  });
  for (const { groupKey } of logged) if (groupKey) due.delete(groupKey);

  let queued = 0;
  for (const { activity, date, startsAt } of due.values()) {
    for (const { staff } of activity.facilitators) {
      const t = translatorFor(staff.locale);
      const message = {
        text: t("attendance-reminder", {
          activity: activity.name,
          date: `${t(`attendance-weekday-${isoWeekday(date)}`)} ${dayMonth(date)}`,
          time: localTime(startsAt, timeZone),
        }),
        buttons: [[{ text: t("attendance-reminder-open"), data: openRosterData(activity.id, date) }]],
      };
      const request = {
        dedupeKey: reminderKey(activity.id, date, staff.id),
        kind: REMINDER_KIND,
        recipientId: staff.id,
        message,
      };
      if (await enqueueDelivery(deps.db, deps.cipher, request, now)) queued++;
    }
  }
  return queued;
}

export function reminderJob(env: JobEnv): Job {
  return {
    name: "attendance-reminders",
    everyMs: 60_000,
    run: async () => {
      if ((await queueDueReminders(env.deps)) > 0) env.outbox.kick();
    },
  };
}
