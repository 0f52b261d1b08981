// /segnalazione: coordinators record a referral (source, who, when) and decide it then or later: taken on (the
// person is created with the legal status at intake, or the known one linked) or not, with the reason.
import { LEGAL_STATUSES, type LegalStatus } from "../../../domain/legal-status.ts";
import type { Actor } from "../../../domain/permissions.ts";
import { normalisePersonCode } from "../../../domain/people.ts";
import {
  DECLINE_REASONS,
  type DeclineReason,
  REFERRAL_SOURCES,
  type ReferralSource,
} from "../../../domain/referrals.ts";
import { dayMonth, dayMonthYear } from "../../../domain/schedule.ts";
import { searchPeopleForActor } from "../../../services/people.ts";
import {
  decideReferral,
  type PendingReferral,
  pendingReferrals,
  recordReferral,
  referralSites,
} from "../../../services/referrals.ts";
import { BACK, type FlowKit, invalid, ok, type Step, type StepResult } from "../../flows/kit.ts";
import { askDate } from "./dates.ts";

export const REFERRAL_FLOW = "referral";

interface ReferralDraft {
  /** The pending referral being decided; undefined for a new one. */
  referralId?: number;
  label?: string;
  siteId?: number;
  source?: ReferralSource;
  institution?: string | null;
  personId?: number | null;
  givenName?: string;
  familyName?: string;
  receivedOn?: string;
  decision?: "pending" | "accepted" | "declined";
  legalStatus?: LegalStatus;
  reason?: DeclineReason;
  decidedOn?: string;
}

const NEW = 0;

function pendingLabel(kit: FlowKit, referral: PendingReferral): string {
  return `📨 ${dayMonth(referral.receivedOn)} · ${kit.t(`referral-source-${referral.source}`)} · ${referral.label}`;
}

const isNew = (d: ReferralDraft) => d.referralId === undefined;

function when(test: (d: ReferralDraft) => boolean, step: Step<ReferralDraft>): Step<ReferralDraft> {
  return (kit, d) => (test(d) ? step(kit, d) : Promise.resolve<StepResult>("skip"));
}

function steps(actor: Actor, pending: PendingReferral[], sites: { id: number; name: string }[]): Step<ReferralDraft>[] {
  return [
    async (kit, d) => {
      if (pending.length === 0) return "skip";
      const value = await kit.ask<number>({
        text: kit.t("referral-ask-which", { count: pending.length }),
        choices: [
          { label: kit.t("referral-new"), value: NEW },
          ...pending.map((referral) => ({ label: pendingLabel(kit, referral), value: referral.id })),
        ],
        back: false,
      });
      if (value === BACK) return BACK;
      const chosen = pending.find((referral) => referral.id === value);
      d.referralId = chosen?.id;
      d.label = chosen?.label;
      d.personId = chosen?.personId ?? null;
      d.receivedOn = chosen?.receivedOn;
      return "next";
    },
    when(isNew, async (kit, d) => {
      if (sites.length === 1) {
        d.siteId = sites[0]?.id;
        return "skip";
      }
      const value = await kit.ask<number>({
        text: kit.t("referral-ask-site"),
        choices: sites.map((site) => ({ label: site.name, value: site.id })),
      });
      if (value === BACK) return BACK;
      d.siteId = value;
      return "next";
    }),
    when(isNew, async (kit, d) => {
      const value = await kit.ask<ReferralSource>({
        text: kit.t("referral-ask-source"),
        choices: REFERRAL_SOURCES.map((source) => ({ label: kit.t(`referral-source-${source}`), value: source })),
        columns: 2,
      });
      if (value === BACK) return BACK;
      d.source = value;
      return "next";
    }),
    when(
      (d) => isNew(d) && d.source === "prison",
      async (kit, d) => {
        const value = await kit.ask<string | null>({
          text: kit.t("referral-ask-institution"),
          choices: [{ label: kit.t("flow-skip"), value: null }],
          parseText: (typed) => {
            const name = typed.trim().replace(/\s+/g, " ");
            return name.length >= 2 && name.length <= 120 ? ok(name) : invalid(kit.t("path-organisation-invalid"));
          },
        });
        if (value === BACK) return BACK;
        d.institution = value;
        return "next";
      },
    ),
    when(isNew, async (kit, d) => {
      const value = await kit.ask<{ personId: number; label: string } | { givenName: string; familyName: string }>({
        text: kit.t("referral-ask-name"),
        parseText: async (typed) => {
          const code = normalisePersonCode(typed);
          if (code) {
            const found = await kit.conversation.external(() => searchPeopleForActor(kit.deps, actor, code, 1));
            const person = found[0];
            return person
              ? ok({ personId: person.id, label: `${person.code} · ${person.shortName}` })
              : invalid(kit.t("referral-code-unknown", { code }));
          }
          const words = typed.trim().split(/\s+/);
          const valid = words.length >= 2 && words.every((w) => /^[\p{L}'.-]{1,40}$/u.test(w));
          return valid
            ? ok({ givenName: words[0] as string, familyName: words.slice(1).join(" ") })
            : invalid(kit.t("referral-name-invalid"));
        },
      });
      if (value === BACK) return BACK;
      if ("personId" in value) {
        d.personId = value.personId;
        d.label = value.label;
      } else {
        d.personId = null;
        d.givenName = value.givenName;
        d.familyName = value.familyName;
        d.label = `${value.givenName} ${value.familyName.charAt(0)}.`;
      }
      return "next";
    }),
    when(isNew, async (kit, d) => {
      const value = await askDate(kit, { text: kit.t("referral-ask-received"), daysAhead: 0 });
      if (value === BACK) return BACK;
      d.receivedOn = value;
      return "next";
    }),
    async (kit, d) => {
      const value = await kit.ask<"pending" | "accepted" | "declined">({
        text: kit.t("referral-ask-decision", { person: d.label ?? "" }),
        choices: [
          ...(isNew(d) ? [{ label: kit.t("referral-decision-pending"), value: "pending" as const }] : []),
          { label: kit.t("referral-decision-accepted"), value: "accepted" },
          { label: kit.t("referral-decision-declined"), value: "declined" },
        ],
        back: isNew(d) || pending.length > 0,
      });
      if (value === BACK) return BACK;
      d.decision = value;
      return "next";
    },
    when(
      (d) => d.decision === "accepted" && d.personId == null,
      async (kit, d) => {
        const value = await kit.ask<LegalStatus>({
          text: kit.t("referral-ask-legal-status"),
          choices: LEGAL_STATUSES.map((status) => ({ label: kit.t(`legal-${status}`), value: status })),
        });
        if (value === BACK) return BACK;
        d.legalStatus = value;
        return "next";
      },
    ),
    when(
      (d) => d.decision === "declined",
      async (kit, d) => {
        const value = await kit.ask<DeclineReason>({
          text: kit.t("referral-ask-reason"),
          choices: DECLINE_REASONS.map((reason) => ({ label: kit.t(`referral-decline-${reason}`), value: reason })),
        });
        if (value === BACK) return BACK;
        d.reason = value;
        return "next";
      },
    ),
    when(
      (d) => d.decision !== "pending",
      async (kit, d) => {
        const receivedOn = d.receivedOn as string;
        const value = await askDate(kit, {
          text: kit.t(d.decision === "accepted" ? "referral-ask-intake" : "referral-ask-decided"),
          daysAhead: 0,
          notBefore: {
            date: receivedOn,
            message: kit.t("referral-decided-before-received", { date: dayMonthYear(receivedOn) }),
          },
        });
        if (value === BACK) return BACK;
        d.decidedOn = value;
        return "next";
      },
    ),
  ];
}

async function save(kit: FlowKit, actor: Actor, d: ReferralDraft): Promise<string | { failed: string }> {
  let referralId = d.referralId;
  if (referralId === undefined) {
    const recorded = await kit.call((deps) =>
      recordReferral(deps, actor, {
        siteId: d.siteId as number,
        receivedOn: d.receivedOn as string,
        source: d.source as ReferralSource,
        institution: d.institution ?? null,
        personId: d.personId ?? null,
        givenName: d.givenName ?? null,
        familyName: d.familyName ?? null,
      }),
    );
    if ("failed" in recorded) return recorded;
    referralId = recorded.id;
    // Recorded: a failure deciding it now leaves it pending, to be decided from the list.
    d.referralId = referralId;
    if (d.decision === "pending") return kit.t("referral-saved-pending", { person: d.label ?? "" });
  }
  const id = referralId;
  const decided = await kit.call((deps) =>
    decideReferral(
      deps,
      actor,
      d.decision === "accepted"
        ? { referralId: id, decision: "accepted", decidedOn: d.decidedOn as string, legalStatus: d.legalStatus ?? null }
        : { referralId: id, decision: "declined", decidedOn: d.decidedOn as string, reason: d.reason as DeclineReason },
    ),
  );
  if ("failed" in decided) return decided;
  if (decided.decision === "declined")
    return kit.t("referral-saved-declined", {
      person: d.label ?? "",
      reason: kit.t(`referral-decline-${d.reason}`),
    });
  return kit.t("referral-saved-accepted", {
    person: decided.personCode ? `${decided.personCode} · ${d.label}` : (d.label ?? ""),
    date: dayMonthYear(d.decidedOn as string),
  });
}

export async function referralFlow(kit: FlowKit): Promise<void> {
  const staff = await kit.staff();
  if (!staff) return;
  const actor = staff.actor;
  const [sites, pending] = await kit.conversation.external(() =>
    Promise.all([referralSites(kit.deps, actor), pendingReferrals(kit.deps, actor)]),
  );
  if (sites.length === 0) return kit.finish(kit.t("error-not-allowed"));
  const resumed = await kit.offerDraft<ReferralDraft>((d) => d.label ?? "—");
  const draft: ReferralDraft = resumed?.data ?? {};
  const done = await kit.runSteps(steps(actor, pending, sites), draft, resumed?.step ?? 0);
  if (!done) return;
  const result = await save(kit, actor, draft);
  if (typeof result !== "string") return kit.finish(result.failed);
  await kit.discardDraft();
  await kit.finish(result);
}
