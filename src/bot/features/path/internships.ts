// Internships and hires from the chat: the host's name typed once (then picked), the rest taps with typed
// alternatives (dates, hours, allowance); ending one "assunto/a" records the hire in the same step.
import {
  ALLOWANCE_PAYERS,
  CONTRACT_TYPES,
  INTERNSHIP_OUTCOMES,
  INTERRUPTION_REASONS,
  type InternshipOutcome,
  isHireOutcome,
  ORGANISATION_KINDS,
  organisationKey,
} from "../../../domain/internships.ts";
import type { Actor } from "../../../domain/permissions.ts";
import { dayMonthYear } from "../../../domain/schedule.ts";
import {
  endInternship,
  extendInternship,
  listOrganisations,
  type OrganisationInput,
  recordHire,
  startInternship,
} from "../../../services/internships.ts";
import { listCoAuthorCandidates } from "../../../services/sessions.ts";
import { BACK, type FlowKit, invalid, ok, type Step, type StepResult } from "../../flows/kit.ts";
import { askDate, askLaterDate, dateStep } from "./dates.ts";
import type { PathAction, PathDraft } from "./draft.ts";

/** Typed amounts in euros: "600", "600,50", "€ 450". */
export function parseEuros(text: string): number | null {
  const match = text
    .trim()
    .replace(/€/g, "")
    .trim()
    .match(/^(\d{1,5})(?:[.,](\d{1,2}))?$/);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}

function euros(cents: number): string {
  return cents % 100 === 0 ? `${cents / 100} €` : `${(cents / 100).toFixed(2).replace(".", ",")} €`;
}

/** A known organisation picked, or a new one typed (its kind is asked next). */
function organisationStep(promptKey: string): Step<PathDraft> {
  return async (kit, draft) => {
    const known = await kit.conversation.external(() => listOrganisations(kit.deps));
    const value = await kit.ask<{ id: number } | { name: string }>({
      text: kit.t(promptKey, { person: draft.personLabel ?? "" }),
      choices: known.map((org) => ({ label: org.name, value: { id: org.id } })),
      parseText: (typed) => {
        const name = typed.trim().replace(/\s+/g, " ");
        if (name.length < 2 || name.length > 120) return invalid(kit.t("path-organisation-invalid"));
        const same = known.find((org) => organisationKey(org.name) === organisationKey(name));
        return ok(same ? { id: same.id } : { name });
      },
    });
    if (value === BACK) return BACK;
    if ("id" in value) {
      draft.organisationId = value.id;
      draft.organisationName = known.find((org) => org.id === value.id)?.name ?? "";
    } else {
      draft.organisationId = null;
      draft.organisationName = value.name;
    }
    return "next";
  };
}

const organisationKindStep: Step<PathDraft> = async (kit, draft) => {
  if (draft.organisationId != null) return "skip";
  const value = await kit.ask<string>({
    text: kit.t("path-ask-organisation-kind", { name: draft.organisationName ?? "" }),
    choices: ORGANISATION_KINDS.map((kind) => ({ label: kit.t(`organisation-kind-${kind}`), value: kind })),
  });
  if (value === BACK) return BACK;
  draft.organisationKind = value;
  return "next";
};

function organisationOf(draft: PathDraft): OrganisationInput {
  return draft.organisationId != null
    ? { id: draft.organisationId }
    : {
        name: draft.organisationName as string,
        kind: draft.organisationKind as (typeof ORGANISATION_KINDS)[number] | null,
      };
}

async function actorOf(kit: FlowKit): Promise<Actor | null> {
  return (await kit.staff())?.actor ?? null;
}

const tutorStep: Step<PathDraft> = async (kit, draft) => {
  const actor = await actorOf(kit);
  if (!actor) return BACK;
  const others = await kit.conversation.external(() =>
    listCoAuthorCandidates(kit.deps, actor, draft.personSiteId as number).catch(() => []),
  );
  const value = await kit.ask<number | null>({
    text: kit.t("path-ask-tutor"),
    choices: [
      { label: kit.t("path-tutor-me"), value: actor.staffId },
      ...others.map((staff) => ({ label: staff.displayName, value: staff.id })),
      { label: kit.t("flow-skip"), value: null },
    ],
  });
  if (value === BACK) return BACK;
  draft.tutorId = value;
  return "next";
};

function choiceStep<T extends string | number | null>(
  key: keyof PathDraft,
  prompt: (kit: FlowKit, draft: PathDraft) => string,
  choices: (kit: FlowKit) => { label: string; value: T }[],
  options: {
    columns?: number;
    parseText?: (kit: FlowKit, typed: string) => T | null;
    invalidKey?: string;
    when?: (draft: PathDraft) => boolean;
  } = {},
): Step<PathDraft> {
  return async (kit, draft): Promise<StepResult> => {
    if (options.when && !options.when(draft)) return "skip";
    const parseText = options.parseText;
    const value = await kit.ask<T>({
      text: prompt(kit, draft),
      choices: choices(kit),
      columns: options.columns,
      parseText: parseText
        ? (typed) => {
            const parsed = parseText(kit, typed);
            return parsed === null ? invalid(kit.t(options.invalidKey ?? "error-invalid-input")) : ok(parsed);
          }
        : undefined,
    });
    if (value === BACK) return BACK;
    (draft as Record<string, unknown>)[key] = value;
    return "next";
  };
}

const start: PathAction = {
  id: "internship_start",
  coordinatorsOnly: false,
  offered: (state) => state.internships.every((i) => i.endsOn !== null),
  steps: [
    organisationStep("path-ask-host"),
    organisationKindStep,
    tutorStep,
    dateStep((kit) => ({ text: kit.t("path-ask-internship-start"), daysAhead: 90 })),
    async (kit, draft) => {
      const startsOn = draft.on as string;
      const value = await askLaterDate(
        kit,
        kit.t("path-ask-internship-planned-end", { date: dayMonthYear(startsOn) }),
        startsOn,
        [3, 6, 12],
        startsOn,
        kit.t("internship-end-before-start"),
      );
      if (value === BACK) return BACK;
      draft.plannedEndOn = value;
      return "next";
    },
    choiceStep(
      "hoursPerWeek",
      (kit) => kit.t("path-ask-hours-per-week"),
      () => [20, 25, 30, 36, 40].map((hours) => ({ label: String(hours), value: hours })),
      {
        columns: 5,
        parseText: (_kit, typed) => {
          const hours = Number(typed.trim());
          return Number.isInteger(hours) && hours >= 1 && hours <= 48 ? hours : null;
        },
        invalidKey: "path-hours-invalid",
      },
    ),
    choiceStep(
      "allowanceCents",
      (kit) => kit.t("path-ask-allowance"),
      (kit) => [
        ...[35000, 50000, 60000].map((cents) => ({ label: euros(cents), value: cents as number | null })),
        { label: kit.t("path-allowance-none"), value: null },
      ],
      { columns: 3, parseText: (_kit, typed) => parseEuros(typed), invalidKey: "path-allowance-invalid" },
    ),
    choiceStep(
      "allowancePayer",
      (kit) => kit.t("path-ask-allowance-payer"),
      (kit) => ALLOWANCE_PAYERS.map((payer) => ({ label: kit.t(`allowance-payer-${payer}`), value: payer })),
      { when: (draft) => Boolean(draft.allowanceCents) },
    ),
  ],
  async save(kit, actor, draft) {
    const saved = await kit.call((deps) =>
      startInternship(deps, actor, {
        personId: draft.personId as number,
        host: organisationOf(draft),
        tutorId: draft.tutorId ?? null,
        startsOn: draft.on as string,
        plannedEndOn: draft.plannedEndOn as string,
        hoursPerWeek: draft.hoursPerWeek as number,
        monthlyAllowanceCents: draft.allowanceCents ?? null,
        allowancePayer: draft.allowanceCents
          ? ((draft.allowancePayer as (typeof ALLOWANCE_PAYERS)[number]) ?? null)
          : null,
      }),
    );
    if ("failed" in saved) return saved;
    return kit.t("path-internship-started", {
      person: draft.personLabel ?? "",
      host: saved.hostName,
      from: dayMonthYear(draft.on as string),
      until: dayMonthYear(draft.plannedEndOn as string),
    });
  },
};

/** Extending and ending act on the person's internship under way. */
function prepareActive(state: Parameters<NonNullable<PathAction["prepare"]>>[0], draft: PathDraft): void {
  const active = state.internships.find((i) => i.endsOn === null);
  draft.internshipId = active?.id;
  draft.internshipHost = active?.hostName;
  draft.internshipStartsOn = active?.startsOn;
  draft.internshipPlannedEndOn = active?.plannedEndOn;
}

const extend: PathAction = {
  id: "internship_extend",
  coordinatorsOnly: false,
  offered: (state) => state.internships.some((i) => i.endsOn === null),
  prepare: prepareActive,
  steps: [
    async (kit, draft) => {
      const plannedEnd = draft.internshipPlannedEndOn as string;
      const value = await askLaterDate(
        kit,
        kit.t("path-ask-internship-extension", { host: draft.internshipHost ?? "", date: dayMonthYear(plannedEnd) }),
        plannedEnd,
        [1, 3, 6],
        plannedEnd,
        kit.t("internship-extension-not-later", { date: dayMonthYear(plannedEnd) }),
      );
      if (value === BACK) return BACK;
      draft.plannedEndOn = value;
      return "next";
    },
  ],
  async save(kit, actor, draft) {
    const saved = await kit.call((deps) =>
      extendInternship(deps, actor, {
        internshipId: draft.internshipId as number,
        newEndOn: draft.plannedEndOn as string,
      }),
    );
    if ("failed" in saved) return saved;
    return kit.t("path-internship-extended", {
      person: draft.personLabel ?? "",
      host: saved.hostName,
      until: dayMonthYear(saved.newEndOn),
    });
  },
};

const isHire = (draft: PathDraft) => isHireOutcome(draft.outcome ?? null);

const contractStep = choiceStep(
  "contract",
  (kit) => kit.t("path-ask-contract"),
  (kit) => CONTRACT_TYPES.map((contract) => ({ label: kit.t(`contract-${contract}`), value: contract })),
);

const end: PathAction = {
  id: "internship_end",
  coordinatorsOnly: false,
  offered: (state) => state.internships.some((i) => i.endsOn === null),
  prepare: prepareActive,
  steps: [
    choiceStep(
      "outcome",
      (kit, draft) => kit.t("path-ask-internship-outcome", { host: draft.internshipHost ?? "" }),
      (kit) =>
        INTERNSHIP_OUTCOMES.map((outcome) => ({ label: kit.t(`internship-outcome-${outcome}`), value: outcome })),
    ),
    choiceStep(
      "interruptionReason",
      (kit) => kit.t("path-ask-interruption-reason"),
      (kit) =>
        INTERRUPTION_REASONS.map((reason) => ({ label: kit.t(`internship-interruption-${reason}`), value: reason })),
      { when: (draft) => draft.outcome === "interrupted" },
    ),
    async (kit, draft) => {
      const startsOn = draft.internshipStartsOn as string;
      const value = await askDate(kit, {
        text: kit.t("path-ask-internship-end"),
        daysAhead: 0,
        notBefore: { date: startsOn, message: kit.t("internship-end-before-start") },
      });
      if (value === BACK) return BACK;
      draft.on = value;
      return "next";
    },
    async (kit, draft) => (isHire(draft) ? contractStep(kit, draft) : "skip"),
    async (kit, draft) =>
      draft.outcome === "hired_elsewhere" ? organisationStep("path-ask-employer")(kit, draft) : "skip",
    async (kit, draft) => (draft.outcome === "hired_elsewhere" ? organisationKindStep(kit, draft) : "skip"),
  ],
  async save(kit, actor, draft) {
    const outcome = draft.outcome as InternshipOutcome;
    const saved = await kit.call((deps) =>
      endInternship(deps, actor, {
        internshipId: draft.internshipId as number,
        endsOn: draft.on as string,
        outcome,
        interruptionReason:
          outcome === "interrupted" ? (draft.interruptionReason as (typeof INTERRUPTION_REASONS)[number]) : null,
        contract: isHireOutcome(outcome) ? (draft.contract as (typeof CONTRACT_TYPES)[number]) : null,
        employer: outcome === "hired_elsewhere" ? organisationOf(draft) : null,
      }),
    );
    if ("failed" in saved) return saved;
    const line = kit.t("path-internship-ended", {
      person: draft.personLabel ?? "",
      host: saved.hostName,
      date: dayMonthYear(saved.endsOn),
      outcome: kit.t(`internship-outcome-${saved.outcome}`),
    });
    return saved.hireId === null ? line : `${line}\n${kit.t("path-hire-recorded-too")}`;
  },
};

const hire: PathAction = {
  id: "hire",
  coordinatorsOnly: false,
  prepare(state, draft) {
    // Ended internships without a hire: the hire may have followed one of them.
    draft.followedInternshipId = null;
    draft.hireCandidates = state.internships
      .filter((i) => i.endsOn !== null && !i.hired)
      .map((i) => ({ id: i.id, host: i.hostName }));
  },
  steps: [
    organisationStep("path-ask-employer"),
    organisationKindStep,
    contractStep,
    dateStep((kit) => ({ text: kit.t("path-ask-hire-date"), daysAhead: 0 })),
    async (kit, draft) => {
      const candidates = draft.hireCandidates ?? [];
      if (candidates.length === 0) return "skip";
      const value = await kit.ask<number | null>({
        text: kit.t("path-ask-hire-after-internship"),
        choices: [
          ...candidates.map((c) => ({ label: kit.t("path-hire-after", { host: c.host }), value: c.id })),
          { label: kit.t("path-hire-after-none"), value: null },
        ],
      });
      if (value === BACK) return BACK;
      draft.followedInternshipId = value;
      return "next";
    },
  ],
  async save(kit, actor, draft) {
    const saved = await kit.call((deps) =>
      recordHire(deps, actor, {
        personId: draft.personId as number,
        employer: organisationOf(draft),
        contract: draft.contract as (typeof CONTRACT_TYPES)[number],
        hiredOn: draft.on as string,
        internshipId: draft.followedInternshipId ?? null,
      }),
    );
    if ("failed" in saved) return saved;
    return kit.t("path-hire-saved", {
      person: draft.personLabel ?? "",
      employer: saved.employerName,
      date: dayMonthYear(saved.hiredOn),
      contract: kit.t(`contract-${draft.contract}`),
    });
  },
};

export const INTERNSHIP_ACTIONS: PathAction[] = [start, extend, end, hire];
