// 👤 Persone: pick a person (recently seen first, 20 to a page, searchable by typing), pick what to record, answer
// that action's few questions, saved in one go. Every step is kept as a draft; Back, Cancel and restarts lose nothing.
import type { Actor } from "../../../domain/permissions.ts";
import { type PersonInCharge, peopleInCharge } from "../../../services/people.ts";
import { coursesOf } from "../../../services/courses.ts";
import { staysOf } from "../../../services/housing.ts";
import { internshipsOf } from "../../../services/internships.ts";
import { personPath } from "../../../services/person-path.ts";
import { recentPeople } from "../../../services/sessions.ts";
import { listSites } from "../../../services/staff.ts";
import { BACK, type FlowKit, type Step } from "../../flows/kit.ts";
import type { PathAction, PathDraft, PersonState } from "./draft.ts";
import { EDIT_RECORD } from "./edit-record.ts";
import { HOUSING_ACTIONS } from "./housing.ts";
import { INTERNSHIP_ACTIONS } from "./internships.ts";
import { MOVE_ACTIONS } from "./moves.ts";
import { renderPath } from "./view.ts";

export const PERSON_PATH_FLOW = "person-path";
/** The choice beside the actions that shows the person's path instead of recording a step. */
const VIEW = "view";

async function showPathView(kit: FlowKit, actor: Actor, personId: number): Promise<void> {
  await kit.discardDraft();
  const view = await kit.call((deps) => personPath(deps, actor, { id: personId }, 1));
  if ("failed" in view) return kit.finish(view.failed);
  const sites = await kit.conversation.external(() => listSites(kit.deps));
  const siteName = (id: number) => sites.find((site) => site.id === id)?.name ?? "—";
  const { text, keyboard } = renderPath((key, params) => kit.t(key, params), view, 1, siteName);
  await kit.finish(text, keyboard);
}
export const PATH_ACTIONS: PathAction[] = [...INTERNSHIP_ACTIONS, ...HOUSING_ACTIONS, ...MOVE_ACTIONS, EDIT_RECORD];

/** Recently seen people first (the ones a user most likely means), then everyone else by code. */
async function peopleToPick(kit: FlowKit, actor: Actor): Promise<PersonInCharge[]> {
  const [all, recent] = await kit.conversation.external(() =>
    Promise.all([peopleInCharge(kit.deps, actor), recentPeople(kit.deps, actor)]),
  );
  const recentIds = recent.map((p) => p.id);
  const first = recentIds.flatMap((id) => all.filter((p) => p.id === id));
  return [...first, ...all.filter((p) => !recentIds.includes(p.id))];
}

function actionsFor(person: PersonInCharge | undefined, state: PersonState): PathAction[] {
  return PATH_ACTIONS.filter(
    (action) => (!action.coordinatorsOnly || person?.coordinated === true) && (action.offered?.(state) ?? true),
  );
}

/** Runs an action's steps only when it is the action chosen. */
function only(action: PathAction, step: Step<PathDraft>): Step<PathDraft> {
  return (kit, draft) => (draft.action === action.id ? step(kit, draft) : Promise.resolve("skip"));
}

export async function personPathFlow(kit: FlowKit, code?: string): Promise<void> {
  const staff = await kit.staff();
  if (!staff) return;
  const actor = staff.actor;
  const people = await peopleToPick(kit, actor);
  if (people.length === 0) return kit.finish(kit.t("path-no-people"));
  const resumed = await kit.offerDraft<PathDraft>((d) => d.personLabel ?? "—");
  const draft: PathDraft = resumed?.data ?? {};
  const preset = code ? people.find((p) => p.code === code) : undefined;
  if (!resumed && preset) {
    draft.personId = preset.id;
    draft.personLabel = `${preset.code} · ${preset.shortName}`;
    draft.intakeOn = preset.intakeOn;
    draft.personSiteId = preset.siteIds[0];
  }
  // The last step answered: a refusal on saving asks it again, with everything else kept.
  let lastAnswered = 0;
  const questions: Step<PathDraft>[] = [
    async (k, d) => {
      if (preset && d.personId === preset.id) return "skip";
      const value = await k.ask<PersonInCharge>({
        text: k.t("path-ask-person"),
        choices: people.map((p) => ({ label: `${p.code} · ${p.shortName}`, value: p })),
        back: false,
      });
      if (value === BACK) return BACK;
      d.personId = value.id;
      d.personLabel = `${value.code} · ${value.shortName}`;
      d.intakeOn = value.intakeOn;
      d.personSiteId = value.siteIds[0];
      return "next";
    },
    async (k, d) => {
      const personId = d.personId as number;
      const state: PersonState = await k.conversation.external(async () => ({
        internships: await internshipsOf(k.deps, actor, personId),
        stays: await staysOf(k.deps, actor, personId),
        courses: await coursesOf(k.deps, actor, personId),
      }));
      const actions = actionsFor(
        people.find((p) => p.id === d.personId),
        state,
      );
      const value = await k.ask<string>({
        text: k.t(actions.length === 0 ? "path-no-actions" : "path-ask-action", { person: d.personLabel ?? "" }),
        choices: [
          ...actions.map((action) => ({ label: k.t(`path-action-${action.id}`), value: action.id as string })),
          { label: k.t("path-open-view"), value: VIEW },
        ],
        columns: 2,
      });
      if (value === BACK) return BACK;
      d.action = value;
      actions.find((action) => action.id === value)?.prepare?.(state, d);
      return "next";
    },
    ...PATH_ACTIONS.flatMap((action) => action.steps.map((step) => only(action, step))),
  ];
  const steps = questions.map(
    (step, index): Step<PathDraft> =>
      async (k, d) => {
        const result = await step(k, d);
        if (result === "next") lastAnswered = index;
        return result;
      },
  );
  let startAt = resumed?.step ?? 0;
  for (;;) {
    if (!(await kit.runSteps(steps, draft, startAt))) return;
    if (draft.action === VIEW) return showPathView(kit, actor, draft.personId as number);
    const action = PATH_ACTIONS.find((candidate) => candidate.id === draft.action);
    if (!action) return;
    const result = await action.save(kit, actor, draft);
    if (typeof result === "string") {
      await kit.discardDraft();
      return kit.finish(result);
    }
    // The tapped prompt becomes the explanation; the question comes again below it.
    await kit.finish(result.failed);
    startAt = lastAnswered;
  }
}
