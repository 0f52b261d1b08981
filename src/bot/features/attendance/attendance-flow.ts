// /presenze: activity (today's scheduled first; not asked when there is only one) → date (skipped when the activity is
// scheduled today; Back shows it) → roster toggles, everyone present by default, 20 to a page → Conferma → saved,
// with buttons for a note, undo and edit.
// An occurrence already logged is offered for editing instead of being logged twice.
import { listActivitiesForLogging, type LoggableActivity } from "../../../services/activities.ts";
import { getAttendanceSheet, recordAttendance, type Statuses, updateAttendance } from "../../../services/attendance.ts";
import { localDate } from "../../../domain/weeks.ts";
import { localTime } from "../../../domain/schedule.ts";
import { BACK, type FlowKit, type Step } from "../../flows/kit.ts";
import { attendanceSavedKeyboard } from "../sessions/after-save.ts";
import { askDate, currentActor, formatDay, newClientRef } from "../sessions/logging-helpers.ts";
import { askRoster } from "./roster.ts";

export const ATTENDANCE_FLOW = "attendance";

interface AttendanceDraft {
  clientRef: string;
  activityId?: number;
  occurredOn?: string;
  /** Set when the chosen activity is scheduled today: the date step is skipped once (Back still reaches it). */
  skipDateOnce?: boolean;
  /** The already logged occurrence being edited. */
  editSessionId?: number;
  statuses?: Statuses;
}

function activityLabel(kit: FlowKit, activity: LoggableActivity, manySites: boolean): string {
  const site = manySites ? ` · ${activity.siteName}` : "";
  const time = activity.todayStartTimes[0];
  return time ? `🕙 ${time} ${activity.name}${site} · ${kit.t("attendance-today")}` : `${activity.name}${site}`;
}

export async function attendanceFlow(kit: FlowKit, activityArg?: string, dateArg?: string): Promise<void> {
  const actor = await currentActor(kit);
  if (!actor) return;
  const today = localDate(await kit.now(), kit.deps.timeZone);
  const activities = await kit.conversation.external(() => listActivitiesForLogging(kit.deps, actor, today));
  if (activities.length === 0) return kit.finish(kit.t("attendance-no-activities"));
  const manySites = new Set(activities.map((a) => a.siteId)).size > 1;
  const only = activities.length === 1 ? activities[0] : undefined;
  const nameOf = (activityId?: number) => activities.find((a) => a.id === activityId)?.name ?? "—";

  let draft: AttendanceDraft;
  let startAt = 0;
  if (activityArg !== undefined) {
    // Opened from a reminder: straight to that occurrence's roster.
    const activityId = Number(activityArg);
    if (!activities.some((a) => a.id === activityId) || !dateArg || dateArg > today) {
      return kit.finish(kit.t("error-not-found-or-not-allowed"));
    }
    draft = { clientRef: await newClientRef(kit), activityId, occurredOn: dateArg };
    startAt = 2;
  } else {
    const resumed = await kit.offerDraft<AttendanceDraft>((d) =>
      [nameOf(d.activityId), d.occurredOn ? formatDay(kit.t.bind(kit), d.occurredOn) : ""].filter(Boolean).join(", "),
    );
    draft = resumed?.data ?? { clientRef: await newClientRef(kit) };
    startAt = resumed?.step ?? 0;
  }

  const steps: Step<AttendanceDraft>[] = [
    async (k, d) => {
      // An operator with a single activity is not asked which one.
      const chosen = only
        ? only.id
        : await k.ask<number>({
            text: k.t("attendance-choose-activity"),
            choices: activities.map((a) => ({ label: activityLabel(k, a, manySites), value: a.id })),
            back: false,
          });
      if (chosen === BACK) return BACK;
      d.activityId = chosen;
      d.editSessionId = undefined;
      d.statuses = undefined;
      d.skipDateOnce = (activities.find((a) => a.id === chosen)?.todayStartTimes.length ?? 0) > 0;
      if (d.skipDateOnce) d.occurredOn = today;
      return only ? "skip" : "next";
    },
    async (k, d) => {
      if (d.skipDateOnce) {
        d.skipDateOnce = false;
        return "skip";
      }
      const date = await askDate(k, {
        text: k.t("attendance-ask-date", { activity: nameOf(d.activityId) }),
        today,
        back: !only,
      });
      if (date === BACK) return BACK;
      d.occurredOn = date;
      d.editSessionId = undefined;
      d.statuses = undefined;
      return "next";
    },
    async (k, d) => {
      const activityId = d.activityId as number;
      const occurredOn = d.occurredOn as string;
      const sheet = await k.conversation.external(() => getAttendanceSheet(k.deps, actor, activityId, occurredOn));
      const title = `📋 ${sheet.activityName} — ${formatDay(k.t.bind(k), occurredOn)}`;
      if (sheet.existing && d.editSessionId !== sheet.existing.sessionId) {
        const loggedAt = localTime(new Date(sheet.existing.recordedAt), k.deps.timeZone);
        if (!sheet.existing.canEdit) {
          await k.ask({ text: `${title}\n${k.t("attendance-already-logged-locked", { time: loggedAt })}` });
          return BACK;
        }
        const edit = await k.ask<boolean>({
          text: `${title}\n${k.t("attendance-already-logged", { time: loggedAt })}`,
          choices: [{ label: k.t("attendance-edit-existing"), value: true }],
        });
        if (edit === BACK) return BACK;
        d.editSessionId = sheet.existing.sessionId;
        d.statuses = sheet.existing.statuses;
      }
      if (sheet.people.length === 0) {
        await k.ask({ text: `${title}\n${k.t("attendance-roster-empty")}` });
        return BACK;
      }
      const statuses = await askRoster(k, { title, people: sheet.people, statuses: d.statuses });
      if (statuses === BACK) return BACK;
      d.statuses = statuses;
      return "next";
    },
  ];

  const done = await kit.runSteps(steps, draft, startAt);
  if (!done) return;
  const { activityId, occurredOn, statuses, editSessionId } = draft as Required<AttendanceDraft>;
  const saved = await kit.call(() =>
    editSessionId
      ? updateAttendance(kit.deps, actor, editSessionId, statuses)
      : recordAttendance(kit.deps, actor, { activityId, occurredOn, statuses, clientRef: draft.clientRef }),
  );
  if ("failed" in saved) return kit.finish(saved.failed);
  await kit.discardDraft();
  await kit.finish(
    kit.t(editSessionId ? "attendance-updated" : "attendance-saved", {
      activity: nameOf(activityId),
      date: formatDay(kit.t.bind(kit), occurredOn),
      present: saved.present,
      absent: saved.absent,
      excused: saved.excused,
    }),
    attendanceSavedKeyboard(kit.t.bind(kit), saved.sessionId),
  );
}
