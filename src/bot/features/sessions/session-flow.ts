// /sessione: person → kind (→ more people for a team meeting) → date → duration → plan goal (if any) → note → saved.
// Batch logging starts it again from a saved session with some answers already given (same person, same date, repeat).
import { formatDuration } from "../../../domain/durations.ts";
import { isInCharge } from "../../../domain/people.ts";
import { localDate } from "../../../domain/weeks.ts";
import { getSessionDetail } from "../../../services/corrections.ts";
import {
  INDIVIDUAL_SESSION_KINDS,
  listActiveGoals,
  logSession,
  MULTI_PERSON_KIND,
  type PersonPick,
  recentPeople,
} from "../../../services/sessions.ts";
import { BACK, type FlowKit, type Step } from "../../flows/kit.ts";
import { type BatchMode, BATCH_MODES, sessionSavedKeyboard } from "./after-save.ts";
import { askDate, askDuration, askNote, currentActor, formatDay, newClientRef } from "./logging-helpers.ts";
import { DONE, personLabel, pickPerson } from "./pick-person.ts";

export const SESSION_FLOW = "session";
type IndividualKind = (typeof INDIVIDUAL_SESSION_KINDS)[number];
const QUICK_MINUTES = [30, 45, 60, 90];
const GOAL_LABEL_LENGTH = 48;

interface SessionDraft {
  clientRef: string;
  /** Answers given by a batch button; their steps are not asked. */
  presets: ("person" | "kind" | "date" | "duration")[];
  people: PersonPick[];
  kind?: IndividualKind;
  occurredOn?: string;
  durationMinutes?: number;
  goalId?: number | null;
  note?: string | null;
}

function templateDraft(
  mode: BatchMode,
  clientRef: string,
  template: Awaited<ReturnType<typeof getSessionDetail>>,
): SessionDraft {
  const kind = template.kind as IndividualKind;
  if (mode === "person") return { clientRef, presets: ["person"], people: template.people };
  if (mode === "date") return { clientRef, presets: ["date"], people: [], occurredOn: template.occurredOn };
  return {
    clientRef,
    presets: ["kind", "date", "duration"],
    people: [],
    kind,
    occurredOn: template.occurredOn,
    durationMinutes: template.durationMinutes,
  };
}

export async function sessionFlow(kit: FlowKit, modeArg?: string, templateArg?: string): Promise<void> {
  const actor = await currentActor(kit);
  if (!actor) return;
  const today = localDate(await kit.now(), kit.deps.timeZone);
  const t = kit.t.bind(kit);
  const kindLabel = (kind?: string) => (kind ? t(`session-kind-${kind}`) : "");

  let draft: SessionDraft;
  let startAt = 0;
  const mode = BATCH_MODES.find((m) => m === modeArg);
  if (mode && templateArg) {
    const template = await kit.call(() => getSessionDetail(kit.deps, actor, Number(templateArg)));
    if ("failed" in template) return kit.finish(template.failed);
    if (template.kind === "group_activity") return kit.finish(t("error-not-found-or-not-allowed"));
    draft = templateDraft(mode, await newClientRef(kit), template);
  } else {
    const resumed = await kit.offerDraft<SessionDraft>(
      (d) => [d.people.map((p) => p.code).join(", "), kindLabel(d.kind)].filter(Boolean).join(" — ") || "—",
    );
    draft = resumed?.data ?? { clientRef: await newClientRef(kit), presets: [], people: [] };
    startAt = resumed?.step ?? 0;
  }
  const preset = (field: SessionDraft["presets"][number]) => draft.presets.includes(field);
  const recent = await kit.conversation.external(() => recentPeople(kit.deps, actor));
  const context = (d: SessionDraft) =>
    [d.people.map(personLabel).join(", "), kindLabel(d.kind), d.occurredOn ? formatDay(t, d.occurredOn) : ""]
      .filter(Boolean)
      .join(" · ");

  const steps: Step<SessionDraft>[] = [
    async (k, d) => {
      if (preset("person")) return "skip";
      for (;;) {
        const person = await pickPerson(k, actor, { text: k.t("session-ask-person"), initial: recent, back: false });
        if (person === BACK || person === DONE) return BACK;
        if (preset("date") && d.occurredOn && !isInCharge(person, d.occurredOn)) {
          await k.ctx.reply(
            k.t("session-person-not-in-charge", { person: personLabel(person), date: formatDay(t, d.occurredOn) }),
          );
          continue;
        }
        d.people = [person];
        return "next";
      }
    },
    async (k, d) => {
      if (preset("kind")) return "skip";
      const kind = await k.ask<IndividualKind>({
        text: `${context(d)}\n${k.t("session-ask-kind")}`,
        choices: INDIVIDUAL_SESSION_KINDS.map((value) => ({ label: kindLabel(value), value })),
        columns: 2,
        back: !preset("person"),
      });
      if (kind === BACK) return BACK;
      d.kind = kind;
      if (kind !== MULTI_PERSON_KIND) d.people = d.people.slice(0, 1);
      return "next";
    },
    async (k, d) => {
      if (d.kind !== MULTI_PERSON_KIND) return "skip";
      for (;;) {
        const others = recent.filter((p) => !d.people.some((chosen) => chosen.id === p.id));
        const person = await pickPerson(k, actor, {
          text: `${context(d)}\n${k.t("session-ask-more-people")}`,
          initial: others,
          back: true,
          doneLabel: k.t("session-people-done"),
        });
        if (person === BACK) return BACK;
        if (person === DONE) return "next";
        if (!d.people.some((chosen) => chosen.id === person.id)) d.people.push(person);
      }
    },
    async (k, d) => {
      if (preset("date")) return "skip";
      const earliest = d.people
        .map((p) => p.intakeOn)
        .sort()
        .at(-1);
      const date = await askDate(k, { text: `${context(d)}\n${k.t("session-ask-date")}`, today, earliest });
      if (date === BACK) return BACK;
      d.occurredOn = date;
      return "next";
    },
    async (k, d) => {
      if (preset("duration")) return "skip";
      const minutes = await askDuration(k, {
        text: `${context(d)}\n${k.t("session-ask-duration")}`,
        quick: QUICK_MINUTES,
      });
      if (minutes === BACK) return BACK;
      d.durationMinutes = minutes;
      return "next";
    },
    async (k, d) => {
      const person = d.people.length === 1 ? d.people[0] : undefined;
      if (!person) return "skip";
      const goals = await k.call(() => listActiveGoals(k.deps, actor, person.id));
      if ("failed" in goals || goals.length === 0) return "skip";
      const goal = await k.ask<number | null>({
        text: `${context(d)}\n${k.t("session-ask-goal")}`,
        choices: [
          ...goals.map((g) => ({
            label: `🎯 ${g.text.length > GOAL_LABEL_LENGTH ? `${g.text.slice(0, GOAL_LABEL_LENGTH - 1)}…` : g.text}`,
            value: g.id,
          })),
          { label: k.t("session-no-goal"), value: null },
        ],
      });
      if (goal === BACK) return BACK;
      d.goalId = goal;
      return "next";
    },
    async (k, d) => {
      const note = await askNote(k, {
        text: `${context(d)}\n${k.t("session-ask-note", { max: 1000 })}`,
        choices: [{ label: k.t("flow-skip"), value: null }],
      });
      if (note === BACK) return BACK;
      d.note = note;
      return "next";
    },
  ];

  const done = await kit.runSteps(steps, draft, startAt);
  if (!done) return;
  const saved = await kit.call(() =>
    logSession(kit.deps, actor, {
      personIds: draft.people.map((p) => p.id),
      kind: draft.kind as IndividualKind,
      occurredOn: draft.occurredOn as string,
      durationMinutes: draft.durationMinutes as number,
      note: draft.note ?? null,
      goalIds: draft.goalId ? [draft.goalId] : [],
      clientRef: draft.clientRef,
    }),
  );
  if ("failed" in saved) return kit.finish(saved.failed);
  await kit.discardDraft();
  await kit.finish(
    t("session-saved", {
      people: draft.people.map(personLabel).join(", "),
      kind: kindLabel(saved.kind),
      date: formatDay(t, saved.occurredOn),
      duration: formatDuration(saved.durationMinutes),
    }),
    sessionSavedKeyboard(t, saved.id),
  );
}
