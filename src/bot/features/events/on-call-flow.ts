// /reperibilita: everyone sees the current and upcoming on-call shifts of their sites; coordinators add or remove them.
import { formatDuration } from "../../../domain/durations.ts";
import { type Actor, canManageSite } from "../../../domain/permissions.ts";
import {
  addOnCallShift,
  listOnCallShifts,
  onCallCandidates,
  removeOnCallShift,
  type ShiftListing,
} from "../../../services/on-call.ts";
import { listSites } from "../../../services/staff.ts";
import { BACK, type FlowKit, invalid, ok, type Step } from "../../flows/kit.ts";
import { formatShort, parseLocalDateTime } from "./when.ts";

interface ShiftDraft {
  siteId?: number;
  staffId?: number;
  staffName?: string;
  /** Epoch milliseconds. */
  startsAt?: number;
  endsAt?: number;
}

const SHIFT_LENGTHS_HOURS = [12, 24, 48];
const LISTED_SHIFTS = 30;

type ShiftRow = Omit<ShiftListing, "startsAt" | "endsAt"> & { startsAt: number; endsAt: number };

function shiftLine(kit: FlowKit, shift: ShiftRow): string {
  return kit.t("events-oncall-line", {
    name: shift.staffName,
    sites: shift.siteNames.join(", "),
    from: formatShort(new Date(shift.startsAt), kit.deps.timeZone),
    to: formatShort(new Date(shift.endsAt), kit.deps.timeZone),
  });
}

function dateTimeAnswer(kit: FlowKit, now: Date, after: number | null) {
  return (text: string) => {
    const instant = parseLocalDateTime(text, now, kit.deps.timeZone);
    if (!instant) return invalid<number>(kit.t("events-oncall-datetime-invalid"));
    if (after !== null && instant.getTime() <= after) return invalid<number>(kit.t("events-oncall-end-before-start"));
    return ok(instant.getTime());
  };
}

async function addShift(kit: FlowKit, actor: Actor, actorSites: { id: number; name: string }[]): Promise<void> {
  const now = await kit.now();
  const draft: ShiftDraft = {};
  const steps: Step<ShiftDraft>[] = [
    async (k, d) => {
      if (actorSites.length === 1) {
        d.siteId = actorSites[0]?.id;
        return "skip";
      }
      const value = await k.ask<number>({
        text: k.t("events-oncall-ask-site"),
        choices: actorSites.map((s) => ({ label: s.name, value: s.id })),
      });
      if (value === BACK) return BACK;
      d.siteId = value;
      return "next";
    },
    async (k, d) => {
      const siteId = d.siteId as number;
      const candidates = await k.call((deps) => onCallCandidates(deps, actor, siteId));
      if ("failed" in candidates || candidates.length === 0) {
        await k.ctx.reply("failed" in candidates ? candidates.failed : k.t("events-oncall-no-candidates"));
        return BACK;
      }
      const value = await k.ask<number>({
        text: k.t("events-oncall-ask-staff"),
        choices: candidates.map((c) => ({ label: c.displayName, value: c.id })),
      });
      if (value === BACK) return BACK;
      d.staffId = value;
      d.staffName = candidates.find((c) => c.id === value)?.displayName;
      return "next";
    },
    async (k, d) => {
      const value = await k.ask<number>({
        text: k.t("events-oncall-ask-start"),
        choices: [{ label: k.t("events-when-now"), value: now.getTime() }],
        parseText: dateTimeAnswer(k, now, null),
      });
      if (value === BACK) return BACK;
      d.startsAt = value;
      return "next";
    },
    async (k, d) => {
      const start = d.startsAt as number;
      const value = await k.ask<number>({
        text: k.t("events-oncall-ask-end", { from: formatShort(new Date(start), k.deps.timeZone) }),
        choices: SHIFT_LENGTHS_HOURS.map((hours) => ({
          label: formatDuration(hours * 60),
          value: start + hours * 3600_000,
        })),
        columns: 3,
        parseText: dateTimeAnswer(k, now, start),
      });
      if (value === BACK) return BACK;
      d.endsAt = value;
      return "next";
    },
    async (k, d) => {
      const value = await k.ask<true>({
        text: k.t("events-oncall-confirm", {
          name: d.staffName ?? "—",
          site: actorSites.find((s) => s.id === d.siteId)?.name ?? "—",
          from: formatShort(new Date(d.startsAt as number), k.deps.timeZone),
          to: formatShort(new Date(d.endsAt as number), k.deps.timeZone),
        }),
        choices: [{ label: k.t("flow-confirm"), value: true }],
      });
      return value === BACK ? BACK : "next";
    },
  ];
  if (!(await kit.runSteps(steps, draft))) return;
  const saved = await kit.call((deps) =>
    addOnCallShift(deps, actor, {
      staffId: draft.staffId as number,
      siteIds: [draft.siteId as number],
      startsAt: new Date(draft.startsAt as number),
      endsAt: new Date(draft.endsAt as number),
    }),
  );
  await kit.discardDraft();
  await kit.finish("failed" in saved ? saved.failed : kit.t("events-oncall-saved"));
}

async function removeShift(kit: FlowKit, actor: Actor, removable: ShiftRow[]): Promise<void> {
  const shiftId = await kit.ask<number>({
    text: kit.t("events-oncall-ask-remove"),
    choices: removable.map((shift) => ({
      label: `🗑 ${shift.staffName} ${formatShort(new Date(shift.startsAt), kit.deps.timeZone)}`,
      value: shift.id,
    })),
    back: false,
  });
  if (shiftId === BACK) return;
  const removed = await kit.call(async (deps) => {
    await removeOnCallShift(deps, actor, shiftId);
    return { shiftId };
  });
  await kit.finish("failed" in removed ? removed.failed : kit.t("events-oncall-removed"));
}

type OnCallAction = "add" | "remove";

export async function onCallFlow(kit: FlowKit): Promise<void> {
  const staff = await kit.staff();
  if (!staff?.active) return;
  const actor = staff.actor;
  // Replays read external results back from JSON, so instants travel as epoch milliseconds.
  const shifts: ShiftRow[] = await kit.conversation.external(async () =>
    (await listOnCallShifts(kit.deps, actor)).map((s) => ({
      ...s,
      startsAt: s.startsAt.getTime(),
      endsAt: s.endsAt.getTime(),
    })),
  );
  const managed = (await kit.conversation.external(() => listSites(kit.deps))).filter((site) =>
    canManageSite(actor, site),
  );
  // A rota imported for months ahead would not fit in one message: the next shifts, then how many more.
  const lines = shifts.slice(0, LISTED_SHIFTS).map((s) => shiftLine(kit, s));
  if (shifts.length > LISTED_SHIFTS)
    lines.push(kit.t("attendance-activity-more", { count: shifts.length - LISTED_SHIFTS }));
  const listing =
    shifts.length > 0 ? `${kit.t("events-oncall-title")}\n${lines.join("\n")}` : kit.t("events-oncall-empty");
  if (managed.length === 0) return kit.finish(listing);
  const removable = shifts.filter((s) => s.removable);
  const action = await kit.ask<OnCallAction>({
    text: listing,
    choices: [
      { label: kit.t("events-oncall-add"), value: "add" },
      ...(removable.length > 0 ? [{ label: kit.t("events-oncall-remove"), value: "remove" as const }] : []),
    ],
    back: false,
  });
  if (action === BACK) return;
  if (action === "add") return addShift(kit, actor, managed);
  return removeShift(kit, actor, removable);
}
