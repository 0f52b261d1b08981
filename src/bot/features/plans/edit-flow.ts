// Creating and editing a plan from the chat: pick what to change, answer one to three short questions, saved as a
// new version; then back to the list until "Done". What is typed is kept as a draft after every answer.
import { clip, PLAN_AREAS, type PlanArea } from "../../../domain/plan-card.ts";
import { parseItalianDate } from "../../../domain/parse.ts";
import { localDate } from "../../../domain/weeks.ts";
import { type PlanChange, type PlanEditContext, planEditContext, revisePlan } from "../../../services/plans.ts";
import { BACK, type Choice, type FlowKit, invalid, ok, type Step } from "../../flows/kit.ts";
import { currentActor } from "./flow-support.ts";

const ACTIONS = [
  "objective",
  "crisis",
  "add_goal",
  "goal_status",
  "add_contact",
  "remove_contact",
  "add_intervention",
  "review",
  "signed",
  "approve",
] as const;
type EditAction = (typeof ACTIONS)[number];

const ACTION_LABELS: Record<EditAction | "done", string> = {
  objective: "plans-edit-objective",
  crisis: "plans-edit-crisis",
  add_goal: "plans-edit-add-goal",
  goal_status: "plans-edit-close-goal",
  add_contact: "plans-edit-add-contact",
  remove_contact: "plans-edit-remove-contact",
  add_intervention: "plans-edit-add-intervention",
  review: "plans-edit-review",
  signed: "plans-edit-signed",
  approve: "plans-edit-approve",
  done: "plans-edit-done",
};

interface EditDraft {
  personId: number;
  code: string;
  action: EditAction;
  values: Record<string, string | null>;
}

type EditStep = Step<EditDraft>;

const textStep =
  (key: string, prompt: string, max: number, optional = false): EditStep =>
  async (kit, draft) => {
    const value = await kit.ask<string | null>({
      text: kit.t(prompt),
      choices: optional ? [{ label: kit.t("flow-skip"), value: null }] : [],
      parseText: (text) => {
        const trimmed = text.trim();
        return trimmed.length >= 1 && trimmed.length <= max
          ? ok(trimmed)
          : invalid(kit.t("error-text-length", { min: 1, max }));
      },
    });
    if (value === BACK) return BACK;
    draft.values[key] = value;
    return "next";
  };

const choiceStep =
  (
    key: string,
    prompt: string,
    choices: (kit: FlowKit) => Choice<string>[],
    columns = 1,
    params: Record<string, string | number> = {},
  ): EditStep =>
  async (kit, draft) => {
    const value = await kit.ask<string>({ text: kit.t(prompt, params), choices: choices(kit), columns });
    if (value === BACK) return BACK;
    draft.values[key] = value;
    return "next";
  };

const areaChoices = (kit: FlowKit) => PLAN_AREAS.map((area) => ({ label: kit.t(`plans-area-${area}`), value: area }));

/** A date typed as 3/11, 03/11/2027 or 2027-11-03; `when` says which side of today it may fall on. */
const dateStep =
  (key: string, prompt: string, today: string, when: "not_past" | "not_future", optional = false): EditStep =>
  async (kit, draft) => {
    const value = await kit.ask<string | null>({
      text: kit.t(prompt),
      choices: [
        ...(when === "not_future" ? [{ label: kit.t("date-today"), value: today }] : []),
        ...(optional ? [{ label: kit.t("flow-skip"), value: null }] : []),
      ],
      parseText: (text) => {
        // Without a year, a future date is meant for plan deadlines: try this year, then the next.
        const date = parseItalianDate(
          text,
          when === "not_past" ? `${Number(today.slice(0, 4)) + 1}${today.slice(4)}` : today,
        );
        if (!date) return invalid(kit.t("error-date-format"));
        if (when === "not_past" && date < today) return invalid(kit.t("plans-date-past"));
        if (when === "not_future" && date > today) return invalid(kit.t("error-date-future"));
        return ok(date);
      },
    });
    if (value === BACK) return BACK;
    draft.values[key] = value;
    return "next";
  };

const phoneStep: EditStep = async (kit, draft) => {
  const value = await kit.ask<string | null>({
    text: kit.t("plans-ask-contact-phone"),
    choices: [{ label: kit.t("flow-skip"), value: null }],
    parseText: (text) =>
      /^\+?[\d][\d\s./-]{4,24}$/.test(text.trim()) ? ok(text.trim()) : invalid(kit.t("plans-phone-invalid")),
  });
  if (value === BACK) return BACK;
  draft.values.phone = value;
  return "next";
};

function stepsFor(action: EditAction, context: PlanEditContext, today: string): EditStep[] {
  switch (action) {
    case "objective":
      return [textStep("text", "plans-ask-objective", 2000)];
    case "crisis":
      return [
        textStep("riskSigns", "plans-ask-risk-signs", 1000),
        textStep("whatToDo", "plans-ask-what-to-do", 1000),
        textStep("whomToCall", "plans-ask-whom-to-call", 1000),
      ];
    case "add_goal":
      return [
        choiceStep("area", "plans-ask-goal-area", areaChoices, 2),
        textStep("text", "plans-ask-goal-text", 500),
        dateStep("targetOn", "plans-ask-goal-target", today, "not_past", true),
      ];
    case "goal_status":
      return [
        choiceStep("goalId", "plans-ask-which-goal", () =>
          context.openGoals.map((goal) => ({ label: clip(goal.label, 60), value: String(goal.id) })),
        ),
        choiceStep("status", "plans-ask-goal-outcome", (kit) =>
          (["achieved", "dropped"] as const).map((status) => ({
            label: kit.t(`plans-goal-status-${status}`),
            value: status,
          })),
        ),
      ];
    case "add_contact":
      return [
        textStep("service", "plans-ask-contact-service", 120),
        textStep("referent", "plans-ask-contact-referent", 120, true),
        phoneStep,
      ];
    case "remove_contact":
      return [
        choiceStep("contactId", "plans-ask-which-contact", () =>
          context.contacts.map((contact) => ({ label: clip(contact.label, 60), value: String(contact.id) })),
        ),
      ];
    case "add_intervention":
      return [
        choiceStep("area", "plans-ask-intervention-area", areaChoices, 2),
        textStep("what", "plans-ask-intervention-what", 500),
        textStep("who", "plans-ask-intervention-who", 120, true),
        textStep("frequency", "plans-ask-intervention-frequency", 120, true),
      ];
    case "review":
      return [dateStep("reviewOn", "plans-ask-review", today, "not_past")];
    case "signed":
      return [dateStep("signedOn", "plans-ask-signed", today, "not_future")];
    case "approve":
      return [
        choiceStep("confirmed", "plans-confirm-approve", (kit) => [{ label: kit.t("flow-confirm"), value: "yes" }], 1, {
          version: context.version ?? 0,
        }),
      ];
  }
}

function changeFrom(draft: EditDraft): PlanChange {
  const v = draft.values;
  const text = (key: string) => v[key] ?? "";
  switch (draft.action) {
    case "objective":
      return { kind: "objective", text: text("text") };
    case "crisis":
      return {
        kind: "crisis",
        riskSigns: text("riskSigns"),
        whatToDo: text("whatToDo"),
        whomToCall: text("whomToCall"),
      };
    case "add_goal":
      return { kind: "add_goal", area: text("area") as PlanArea, text: text("text"), targetOn: v.targetOn ?? null };
    case "goal_status":
      return { kind: "goal_status", goalId: Number(v.goalId), status: text("status") as "achieved" | "dropped" };
    case "add_contact":
      return { kind: "add_contact", service: text("service"), referent: v.referent ?? null, phone: v.phone ?? null };
    case "remove_contact":
      return { kind: "remove_contact", contactId: Number(v.contactId) };
    case "add_intervention":
      return {
        kind: "add_intervention",
        area: text("area") as PlanArea,
        what: text("what"),
        who: v.who ?? null,
        frequency: v.frequency ?? null,
      };
    case "review":
      return { kind: "review", reviewOn: text("reviewOn") };
    case "signed":
      return { kind: "signed", signedOn: text("signedOn") };
    case "approve":
      return { kind: "approve" };
  }
}

function offeredActions(context: PlanEditContext): (EditAction | "done")[] {
  return [
    ...ACTIONS.filter((action) => {
      if (action === "goal_status") return context.openGoals.length > 0;
      if (action === "remove_contact") return context.contacts.length > 0;
      if (action === "approve") return context.canApprove && context.version !== null;
      return true;
    }),
    "done",
  ];
}

export async function editPlanFlow(kit: FlowKit, personIdArg = ""): Promise<void> {
  const actor = await currentActor(kit);
  if (!actor) return;
  const resumed = await kit.offerDraft<EditDraft>((d) =>
    kit.t("plans-draft-summary", { code: d.code, action: kit.t(ACTION_LABELS[d.action]) }),
  );
  let personId = resumed?.data.personId ?? Number(personIdArg);
  let pending = resumed;
  // The outcome of the last change, shown above the next menu so the chat stays short.
  let outcome = "";
  for (;;) {
    const context = await kit.call((deps) => planEditContext(deps, actor, personId));
    if ("failed" in context) return kit.finish(context.failed);
    personId = context.personId;
    let draft: EditDraft;
    let startAt = 0;
    if (pending) {
      draft = pending.data;
      startAt = pending.step;
      pending = null;
    } else {
      const title =
        context.version === null
          ? kit.t("plans-edit-title-new", { code: context.code, name: context.shortName })
          : kit.t("plans-edit-title", { code: context.code, name: context.shortName, version: context.version });
      const action = await kit.ask<EditAction | "done">({
        text: outcome ? `${outcome}\n\n${title}` : title,
        choices: offeredActions(context).map((value) => ({ label: kit.t(ACTION_LABELS[value]), value })),
        columns: 2,
        back: false,
      });
      if (action === BACK || action === "done") return kit.finish(kit.t("plans-edit-finished"));
      draft = { personId, code: context.code, action, values: {} };
    }
    const today = localDate(await kit.now(), kit.deps.timeZone);
    const completed = await kit.runSteps(stepsFor(draft.action, context, today), draft, startAt);
    outcome = "";
    if (!completed) {
      await kit.discardDraft();
      continue;
    }
    const saved = await kit.call((deps) => revisePlan(deps, actor, personId, changeFrom(draft)));
    await kit.discardDraft();
    outcome = "failed" in saved ? saved.failed : kit.t("plans-saved", { version: saved.version });
  }
}
