// /laboratori for coordinators: create an activity, then manage it from its card: weekly schedule, facilitators,
// enrolments and withdrawals, name, kind, active flag. Every change goes through the activities service (audited).
import { formatDuration } from "../../../domain/durations.ts";
import { parseItalianDate, parseTimeOfDay } from "../../../domain/parse.ts";
import { clip } from "../../../domain/plan-card.ts";
import { type Actor, canManageSite } from "../../../domain/permissions.ts";
import { localDate } from "../../../domain/weeks.ts";
import {
  ACTIVITY_KINDS,
  type ActivityCard,
  type ActivityKind,
  type ActivityRef,
  addScheduleSlot,
  createActivity,
  enrolPerson,
  findPeopleToEnrol,
  getActivityCard,
  listFacilitatorCandidates,
  listManagedActivities,
  removeScheduleSlot,
  setFacilitators,
  updateActivity,
  withdrawPerson,
} from "../../../services/activities.ts";
import { listSites } from "../../../services/staff.ts";
import { BACK, type Back, type Choice, ECHO_MAX, type FlowKit, invalid, ok } from "../../flows/kit.ts";
import { askDuration, currentActor, type Translate } from "../sessions/logging-helpers.ts";

export const ACTIVITIES_FLOW = "activities";
const NEW = "new";
const ROSTER_LINES = 30;

function weekdayName(t: Translate, weekday: number): string {
  return t(`attendance-weekday-${weekday}`);
}

function cardText(t: Translate, card: ActivityCard): string {
  const schedule = card.schedules
    .map((s) => `${weekdayName(t, s.weekday)} ${s.startTime} (${formatDuration(s.durationMinutes)})`)
    .join(", ");
  const roster = card.roster.slice(0, ROSTER_LINES).map((p) => `• ${p.code} · ${p.shortName}`);
  if (card.roster.length > ROSTER_LINES)
    roster.push(t("attendance-activity-more", { count: card.roster.length - ROSTER_LINES }));
  return [
    `📋 ${card.name} — ${t(`attendance-activity-kind-${card.kind}`)} · ${card.siteName}${card.active ? "" : ` · ${t("attendance-activity-inactive")}`}`,
    `🗓 ${schedule || t("attendance-activity-no-schedule")}`,
    `🧑‍🏫 ${card.facilitators.map((f) => f.displayName).join(", ") || t("attendance-activity-no-facilitators")}`,
    `👥 ${t("attendance-activity-roster", { count: card.roster.length })}`,
    ...roster,
  ].join("\n");
}

function askText(kit: FlowKit, text: string, min: number, max: number) {
  return kit.ask<string>({
    text,
    parseText: (typed) => {
      const trimmed = typed.trim();
      return trimmed.length >= min && trimmed.length <= max
        ? ok(trimmed)
        : invalid(kit.t("error-text-length", { min, max }));
    },
  });
}

function askKind(kit: FlowKit): Promise<ActivityKind | Back> {
  return kit.ask<ActivityKind>({
    text: kit.t("attendance-activity-ask-kind"),
    choices: ACTIVITY_KINDS.map((kind) => ({ label: kit.t(`attendance-activity-kind-${kind}`), value: kind })),
    columns: 2,
  });
}

/** Oggi as a button or a typed date (enrolments may be dated in the past, when logging catches up). */
function askSinceDate(kit: FlowKit, text: string, today: string) {
  return kit.ask<string>({
    text,
    choices: [{ label: kit.t("date-today"), value: today }],
    parseText: (typed) => {
      const date = parseItalianDate(typed, today);
      return date ? ok(date) : invalid(kit.t("error-date-format"));
    },
  });
}

async function newActivity(kit: FlowKit, actor: Actor): Promise<number | null> {
  const sites = (await kit.conversation.external(() => listSites(kit.deps))).filter((site) =>
    canManageSite(actor, site),
  );
  for (;;) {
    const siteId =
      sites.length === 1
        ? (sites[0] as { id: number }).id
        : await kit.ask<number>({
            text: kit.t("attendance-activity-ask-site"),
            choices: sites.map((s) => ({ label: s.name, value: s.id })),
          });
    if (siteId === BACK) return null;
    const name = await askText(kit, kit.t("attendance-activity-ask-name"), 2, 80);
    if (name === BACK) {
      if (sites.length === 1) return null;
      continue;
    }
    const kind = await askKind(kit);
    if (kind === BACK) continue;
    const created = await kit.call((deps) => createActivity(deps, actor, { siteId, name, kind }));
    if ("failed" in created) {
      await kit.ctx.reply(created.failed);
      return null;
    }
    return created.id;
  }
}

async function addSlot(kit: FlowKit, actor: Actor, activityId: number): Promise<void> {
  const weekday = await kit.ask<number>({
    text: kit.t("attendance-activity-ask-weekday"),
    choices: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ label: weekdayName(kit.t.bind(kit), day), value: day })),
    columns: 4,
  });
  if (weekday === BACK) return;
  const startTime = await kit.ask<string>({
    text: kit.t("attendance-activity-ask-time"),
    parseText: (typed) => {
      const time = parseTimeOfDay(typed);
      return time ? ok(time) : invalid(kit.t("attendance-activity-time-invalid"));
    },
  });
  if (startTime === BACK) return;
  const durationMinutes = await askDuration(kit, {
    text: kit.t("attendance-activity-ask-duration"),
    quick: [60, 90, 120, 180],
    min: 15,
  });
  if (durationMinutes === BACK) return;
  await report(
    kit,
    await kit.call((deps) => addScheduleSlot(deps, actor, activityId, { weekday, startTime, durationMinutes })),
  );
}

async function removeSlot(kit: FlowKit, actor: Actor, card: ActivityCard): Promise<void> {
  const slotId = await kit.ask<number>({
    text: kit.t("attendance-activity-ask-remove-slot"),
    choices: card.schedules.map((s) => ({
      label: `🗑 ${weekdayName(kit.t.bind(kit), s.weekday)} ${s.startTime}`,
      value: s.id,
    })),
  });
  if (slotId === BACK) return;
  await report(kit, await kit.call(() => removeScheduleSlot(kit.deps, actor, card.id, slotId)));
}

async function chooseFacilitators(kit: FlowKit, actor: Actor, card: ActivityCard): Promise<void> {
  const candidates = await kit.conversation.external(() => listFacilitatorCandidates(kit.deps, actor, card.id));
  const states = await kit.toggles<"yes" | "no">({
    text: kit.t("attendance-activity-ask-facilitators"),
    items: candidates.map((c) => ({ key: String(c.id), label: c.displayName })),
    states: Object.fromEntries(
      candidates.map((c) => [String(c.id), card.facilitators.some((f) => f.id === c.id) ? "yes" : "no"]),
    ),
    cycle: ["no", "yes"],
    icon: { yes: "☑️", no: "⬜" },
    confirmLabel: kit.t("flow-confirm"),
  });
  if (states === BACK) return;
  const chosen = candidates.filter((c) => states[String(c.id)] === "yes").map((c) => c.id);
  await report(kit, await kit.call(() => setFacilitators(kit.deps, actor, card.id, chosen)));
}

/** Enrols people one after another: type a code or part of a name, tap the match; Fine when done. */
async function enrol(kit: FlowKit, actor: Actor, card: ActivityCard, today: string): Promise<void> {
  const since = await askSinceDate(kit, kit.t("attendance-activity-ask-enrol-date"), today);
  if (since === BACK) return;
  let text = kit.t("attendance-activity-ask-enrol");
  let matches: Choice<number | "done">[] = [];
  for (;;) {
    const answer = await kit.ask<number | "done" | { query: string }>({
      text,
      choices: [...matches, { label: kit.t("session-people-done"), value: "done" }],
      parseText: (typed) =>
        typed.trim().length >= 2 ? ok({ query: typed.trim() }) : invalid(kit.t("session-search-too-short")),
    });
    if (answer === BACK || answer === "done") return;
    let personId: number;
    if (typeof answer === "object") {
      const query = answer.query;
      const found = await kit.conversation.external(() => findPeopleToEnrol(kit.deps, actor, card.id, query));
      if (found.length !== 1) {
        matches = found.map((p) => ({ label: `${p.code} · ${p.shortName}`, value: p.id }));
        text =
          found.length === 0
            ? kit.t("session-search-none", { query: clip(query, ECHO_MAX) })
            : kit.t("session-search-matches", { count: found.length });
        continue;
      }
      personId = (found[0] as { id: number }).id;
      matches = found.map((p) => ({ label: `${p.code} · ${p.shortName}`, value: p.id }));
    } else {
      personId = answer;
    }
    const label = matches.find((m) => m.value === personId)?.label ?? "";
    const enrolled = await kit.call(() => enrolPerson(kit.deps, actor, card.id, personId, since));
    text = "failed" in enrolled ? enrolled.failed : kit.t("attendance-activity-enrolled", { person: label });
    matches = [];
  }
}

async function withdraw(kit: FlowKit, actor: Actor, card: ActivityCard, today: string): Promise<void> {
  const personId = await kit.ask<number>({
    text: kit.t("attendance-activity-ask-withdraw"),
    choices: card.roster.map((p) => ({ label: `${p.code} · ${p.shortName}`, value: p.personId })),
  });
  if (personId === BACK) return;
  const since = await askSinceDate(kit, kit.t("attendance-activity-ask-withdraw-date"), today);
  if (since === BACK) return;
  await report(kit, await kit.call(() => withdrawPerson(kit.deps, actor, card.id, personId, since)));
}

/** A failed change is explained; a successful one shows in the refreshed card. */
async function report(kit: FlowKit, result: ActivityRef | { failed: string }): Promise<void> {
  if ("failed" in result) await kit.ctx.reply(result.failed);
}

type CardAction =
  | "slot-add"
  | "slot-remove"
  | "facilitators"
  | "enrol"
  | "withdraw"
  | "rename"
  | "kind"
  | "toggle"
  | "done";

async function manageActivity(kit: FlowKit, actor: Actor, activityId: number, today: string): Promise<"done" | Back> {
  const t = kit.t.bind(kit);
  for (;;) {
    const card = await kit.call(() => getActivityCard(kit.deps, actor, activityId));
    if ("failed" in card) {
      await kit.ctx.reply(card.failed);
      return BACK;
    }
    const actions: Choice<CardAction>[] = [
      { label: t("attendance-activity-add-slot"), value: "slot-add" },
      ...(card.schedules.length > 0
        ? [{ label: t("attendance-activity-remove-slot"), value: "slot-remove" as const }]
        : []),
      { label: t("attendance-activity-facilitators"), value: "facilitators" },
      { label: t("attendance-activity-enrol"), value: "enrol" },
      ...(card.roster.length > 0 ? [{ label: t("attendance-activity-withdraw"), value: "withdraw" as const }] : []),
      { label: t("attendance-activity-rename"), value: "rename" },
      { label: t("attendance-activity-change-kind"), value: "kind" },
      { label: t(card.active ? "attendance-activity-deactivate" : "attendance-activity-reactivate"), value: "toggle" },
      { label: t("attendance-activity-done"), value: "done" },
    ];
    const action = await kit.ask<CardAction>({
      text: cardText(t, card),
      choices: actions,
      columns: 2,
    });
    if (action === BACK || action === "done") return action;
    if (action === "slot-add") await addSlot(kit, actor, card.id);
    if (action === "slot-remove") await removeSlot(kit, actor, card);
    if (action === "facilitators") await chooseFacilitators(kit, actor, card);
    if (action === "enrol") await enrol(kit, actor, card, today);
    if (action === "withdraw") await withdraw(kit, actor, card, today);
    if (action === "rename") {
      const name = await askText(kit, t("attendance-activity-ask-name"), 2, 80);
      if (name !== BACK) await report(kit, await kit.call(() => updateActivity(kit.deps, actor, card.id, { name })));
    }
    if (action === "kind") {
      const kind = await askKind(kit);
      if (kind !== BACK) await report(kit, await kit.call(() => updateActivity(kit.deps, actor, card.id, { kind })));
    }
    if (action === "toggle")
      await report(kit, await kit.call(() => updateActivity(kit.deps, actor, card.id, { active: !card.active })));
  }
}

export async function activitiesFlow(kit: FlowKit): Promise<void> {
  const actor = await currentActor(kit);
  if (!actor) return;
  const today = localDate(await kit.now(), kit.deps.timeZone);
  const managesAny = (await kit.conversation.external(() => listSites(kit.deps))).some((site) =>
    canManageSite(actor, site),
  );
  if (!managesAny) return kit.finish(kit.t("error-not-allowed"));
  for (;;) {
    const activities = await kit.conversation.external(() => listManagedActivities(kit.deps, actor));
    const manySites = new Set(activities.map((a) => a.siteId)).size > 1;
    const chosen = await kit.ask<number | typeof NEW>({
      text: kit.t("attendance-activity-choose"),
      choices: [
        { label: kit.t("attendance-activity-new"), value: NEW },
        ...activities.map((a) => ({
          label: `${a.active ? "" : "⏸ "}${a.name}${manySites ? ` · ${a.siteName}` : ""}`,
          value: a.id,
        })),
      ],
      back: false,
    });
    if (chosen === BACK) return;
    const activityId = chosen === NEW ? await newActivity(kit, actor) : chosen;
    if (activityId === null) continue;
    if ((await manageActivity(kit, actor, activityId, today)) === "done")
      return kit.finish(kit.t("attendance-activity-saved"));
  }
}
