// Corrections from the chat: /correggi lists what the user may still correct (or a saved entry's ✏️ button opens
// one); date, duration, kind, note, statuses or undo. Plus the note and co-author flows under a saved entry.
import { formatDuration } from "../../../domain/durations.ts";
import { localDate } from "../../../domain/weeks.ts";
import { type RosterStatus, updateAttendance } from "../../../services/attendance.ts";
import {
  editSession,
  getSessionDetail,
  listCorrectableSessions,
  type SessionChanges,
  type SessionDetail,
  undoSession,
} from "../../../services/corrections.ts";
import { INDIVIDUAL_SESSION_KINDS, listCoAuthorCandidates } from "../../../services/sessions.ts";
import { BACK, type Choice, type FlowKit } from "../../flows/kit.ts";
import { askRoster } from "../attendance/roster.ts";
import { askDate, askDuration, askNote, currentActor, formatDay, type Translate } from "./logging-helpers.ts";
import { personLabel } from "./pick-person.ts";

export const NOTE_FLOW = "session-note";
export const COAUTHORS_FLOW = "session-coauthors";
export const CORRECT_FLOW = "session-correct";

/** One line about a session, for lists and headers: what, when, how long, who (code and short name only). */
export function describeSession(t: Translate, session: SessionDetail): string {
  const what = session.activityName ? `📋 ${session.activityName}` : `📝 ${t(`session-kind-${session.kind}`)}`;
  const who = session.activityName
    ? t("attendance-counts", {
        present: session.people.filter((p) => p.status === "present").length,
        absent: session.people.filter((p) => p.status === "absent").length,
        excused: session.people.filter((p) => p.status === "excused").length,
      })
    : session.people.map(personLabel).join(", ");
  return `${what} · ${formatDay(t, session.occurredOn)} · ${formatDuration(session.durationMinutes)}\n${who}`;
}

async function loadSession(kit: FlowKit, sessionId: number) {
  const actor = await currentActor(kit);
  if (!actor) return null;
  const detail = await kit.call(() => getSessionDetail(kit.deps, actor, sessionId));
  if ("failed" in detail) {
    await kit.finish(detail.failed);
    return null;
  }
  if (!detail.rights.canEdit) {
    await kit.finish(kit.t(detail.authoredByActor ? "session-edit-too-late" : "error-not-found-or-not-allowed"));
    return null;
  }
  return { actor, detail };
}

export async function noteFlow(kit: FlowKit, sessionArg: string): Promise<void> {
  const loaded = await loadSession(kit, Number(sessionArg));
  if (!loaded) return;
  const note = await askNote(kit, {
    text: `${describeSession(kit.t.bind(kit), loaded.detail)}\n${kit.t("session-ask-note", { max: 1000 })}`,
    choices: [],
    back: false,
  });
  if (note === BACK || note === null) return;
  const saved = await kit.call(() => editSession(kit.deps, loaded.actor, loaded.detail.id, { note }));
  await kit.finish("failed" in saved ? saved.failed : kit.t("session-note-saved"));
}

export async function coAuthorsFlow(kit: FlowKit, sessionArg: string): Promise<void> {
  const loaded = await loadSession(kit, Number(sessionArg));
  if (!loaded) return;
  const { actor, detail } = loaded;
  const candidates = await kit.conversation.external(() => listCoAuthorCandidates(kit.deps, actor, detail.siteId));
  if (candidates.length === 0) return kit.finish(kit.t("session-coauthors-none"));
  const states = await kit.toggles<"yes" | "no">({
    text: `${describeSession(kit.t.bind(kit), detail)}\n${kit.t("session-ask-coauthors")}`,
    items: candidates.map((c) => ({ key: String(c.id), label: c.displayName })),
    states: Object.fromEntries(candidates.map((c) => [String(c.id), detail.coAuthorIds.includes(c.id) ? "yes" : "no"])),
    cycle: ["no", "yes"],
    icon: { yes: "☑️", no: "⬜" },
    confirmLabel: kit.t("flow-confirm"),
  });
  if (states === BACK) return;
  const coAuthorIds = candidates.filter((c) => states[String(c.id)] === "yes").map((c) => c.id);
  const saved = await kit.call(() => editSession(kit.deps, actor, detail.id, { coAuthorIds }));
  await kit.finish("failed" in saved ? saved.failed : kit.t("session-coauthors-saved", { count: coAuthorIds.length }));
}

type Correction = "kind" | "date" | "duration" | "note" | "statuses" | "undo";

export async function correctFlow(kit: FlowKit, sessionArg?: string): Promise<void> {
  const t = kit.t.bind(kit);
  let sessionId = Number(sessionArg);
  if (!sessionArg) {
    const actor = await currentActor(kit);
    if (!actor) return;
    const sessions = await kit.conversation.external(() => listCorrectableSessions(kit.deps, actor));
    if (sessions.length === 0) return kit.finish(t("session-correct-none"));
    const chosen = await kit.ask<number>({
      text: t("session-correct-choose"),
      choices: sessions.map((s) => ({ label: describeSession(t, s).replace("\n", " · "), value: s.id })),
      back: false,
    });
    if (chosen === BACK) return;
    sessionId = chosen;
  }
  const loaded = await loadSession(kit, sessionId);
  if (!loaded) return;
  const { actor, detail } = loaded;
  const group = detail.kind === "group_activity";
  const today = localDate(await kit.now(), kit.deps.timeZone);

  for (;;) {
    const actions: Choice<Correction>[] = [
      ...(group
        ? [{ label: t("session-correct-statuses"), value: "statuses" as const }]
        : [
            { label: t("session-correct-kind"), value: "kind" as const },
            { label: t("session-correct-date"), value: "date" as const },
          ]),
      { label: t("session-correct-duration"), value: "duration" },
      { label: t("session-correct-note"), value: "note" },
      ...(detail.rights.canUndo ? [{ label: t("session-undo"), value: "undo" as const }] : []),
    ];
    const action = await kit.ask<Correction>({
      text: `${describeSession(t, detail)}\n${t("session-correct-what")}`,
      choices: actions,
      columns: 2,
      back: false,
    });
    if (action === BACK) return;

    let changes: SessionChanges | null = null;
    if (action === "kind") {
      const kinds = detail.people.length > 1 ? (["team_meeting"] as const) : INDIVIDUAL_SESSION_KINDS;
      const kind = await kit.ask({
        text: t("session-ask-kind"),
        choices: kinds.map((value) => ({ label: t(`session-kind-${value}`), value })),
        columns: 2,
      });
      if (kind === BACK) continue;
      changes = { kind };
    } else if (action === "date") {
      const earliest = detail.people
        .map((p) => p.intakeOn)
        .sort()
        .at(-1);
      const date = await askDate(kit, { text: t("session-ask-date"), today, earliest });
      if (date === BACK) continue;
      changes = { occurredOn: date };
    } else if (action === "duration") {
      const minutes = await askDuration(kit, { text: t("session-ask-duration"), quick: [30, 45, 60, 90, 120, 180] });
      if (minutes === BACK) continue;
      changes = { durationMinutes: minutes };
    } else if (action === "note") {
      const note = await askNote(kit, {
        text: t("session-ask-note-replace", { max: 1000 }),
        choices: detail.hasNote ? [{ label: t("session-note-clear"), value: null }] : [],
      });
      if (note === BACK) continue;
      changes = { note };
    } else if (action === "statuses") {
      const statuses = await askRoster(kit, {
        title: describeSession(t, detail).split("\n")[0] as string,
        people: detail.people,
        statuses: Object.fromEntries(
          detail.people.filter((p) => p.status !== "withdrawn").map((p) => [String(p.id), p.status as RosterStatus]),
        ),
      });
      if (statuses === BACK) continue;
      const saved = await kit.call(() => updateAttendance(kit.deps, actor, detail.id, statuses));
      return kit.finish("failed" in saved ? saved.failed : t("session-corrected"));
    } else {
      const sure = await kit.ask<boolean>({
        text: t("session-undo-confirm"),
        choices: [{ label: t("session-undo-yes"), value: true }],
      });
      if (sure === BACK) continue;
      const undone = await kit.call(() => undoSession(kit.deps, actor, detail.id));
      return kit.finish("failed" in undone ? undone.failed : t("session-undone"));
    }
    const saved = await kit.call(() => editSession(kit.deps, actor, detail.id, changes));
    return kit.finish("failed" in saved ? saved.failed : t("session-corrected"));
  }
}
