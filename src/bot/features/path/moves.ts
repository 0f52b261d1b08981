// Coordinators' changes of a person's position: legal status (from a date, default today), transfer, discharge.
import { DISCHARGE_OUTCOMES, type DischargeOutcome } from "../../../domain/discharge.ts";
import { LEGAL_STATUSES, type LegalStatus } from "../../../domain/legal-status.ts";
import { dayMonthYear } from "../../../domain/schedule.ts";
import { changeLegalStatus, LEGAL_STATUS_MAX_DAYS_AHEAD, legalStatusNow } from "../../../services/legal-status.ts";
import { dischargePerson, transferPerson, transferTargets } from "../../../services/person-moves.ts";
import { listSites } from "../../../services/staff.ts";
import { BACK, type FlowKit } from "../../flows/kit.ts";
import { dateStep } from "./dates.ts";
import type { PathAction, PathDraft } from "./draft.ts";

/** A release dated ahead opened (or moved) a protected-discharge checklist: the saved message says where to fill it. */
function withRelease(kit: FlowKit, saved: string, releasePlanId: number | null): string {
  return releasePlanId === null ? saved : `${saved}\n${kit.t("path-release-opened")}`;
}

const legalStatus: PathAction = {
  id: "legal_status",
  coordinatorsOnly: true,
  steps: [
    async (kit, draft) => {
      const now = await kit.conversation.external(() => legalStatusNow(kit.deps, draft.personId as number));
      const value = await kit.ask<LegalStatus>({
        text: kit.t("path-ask-legal-status", {
          person: draft.personLabel ?? "",
          current: now.status ? kit.t(`legal-${now.status}`) : "—",
        }),
        choices: LEGAL_STATUSES.map((status) => ({ label: kit.t(`legal-${status}`), value: status })),
      });
      if (value === BACK) return BACK;
      draft.legalStatus = value;
      return "next";
    },
    dateStep((kit) => ({ text: kit.t("path-ask-legal-status-date"), daysAhead: LEGAL_STATUS_MAX_DAYS_AHEAD })),
  ],
  async save(kit, actor, draft) {
    const saved = await kit.call((deps) =>
      changeLegalStatus(deps, actor, {
        personId: draft.personId as number,
        status: draft.legalStatus as LegalStatus,
        fromOn: draft.on as string,
      }),
    );
    if ("failed" in saved) return saved;
    return withRelease(
      kit,
      kit.t("path-legal-status-saved", {
        person: draft.personLabel ?? "",
        status: kit.t(`legal-${saved.status}`),
        date: dayMonthYear(saved.fromOn),
      }),
      saved.releasePlanId,
    );
  },
};

async function siteName(kit: FlowKit, siteId: number): Promise<string> {
  const sites = await kit.conversation.external(() => listSites(kit.deps));
  return sites.find((site) => site.id === siteId)?.name ?? "—";
}

const transfer: PathAction = {
  id: "transfer",
  coordinatorsOnly: true,
  steps: [
    async (kit, draft) => {
      const staff = await kit.staff();
      if (!staff) return BACK;
      const others = await kit.conversation.external(() =>
        transferTargets(kit.deps, staff.actor, draft.personId as number).catch(() => []),
      );
      if (others.length === 0) {
        await kit.ctx.reply(kit.t("path-no-other-site"));
        return BACK;
      }
      const value = await kit.ask<number>({
        text: kit.t("path-ask-transfer-site", { person: draft.personLabel ?? "" }),
        choices: others.map((site) => ({ label: site.name, value: site.id })),
      });
      if (value === BACK) return BACK;
      draft.siteId = value;
      return "next";
    },
    dateStep((kit) => ({ text: kit.t("path-ask-transfer-date"), daysAhead: 0 })),
  ],
  async save(kit, actor, draft) {
    const saved = await kit.call((deps) =>
      transferPerson(deps, actor, {
        personId: draft.personId as number,
        toSiteId: draft.siteId as number,
        on: draft.on as string,
      }),
    );
    if ("failed" in saved) return saved;
    return kit.t("path-transfer-saved", {
      person: draft.personLabel ?? "",
      site: await siteName(kit, saved.toSiteId),
      date: dayMonthYear(saved.on),
    });
  },
};

const discharge: PathAction = {
  id: "discharge",
  coordinatorsOnly: true,
  steps: [
    async (kit, draft) => {
      const value = await kit.ask<DischargeOutcome>({
        text: kit.t("path-ask-discharge-outcome", { person: draft.personLabel ?? "" }),
        choices: DISCHARGE_OUTCOMES.map((outcome) => ({
          label: kit.t(`discharge-outcome-${outcome}`),
          value: outcome,
        })),
      });
      if (value === BACK) return BACK;
      draft.outcome = value;
      return "next";
    },
    dateStep((kit) => ({ text: kit.t("path-ask-discharge-date"), daysAhead: LEGAL_STATUS_MAX_DAYS_AHEAD })),
    async (kit, draft: PathDraft) => {
      const value = await kit.ask<true>({
        text: kit.t("path-confirm-discharge", {
          person: draft.personLabel ?? "",
          date: dayMonthYear(draft.on as string),
          outcome: kit.t(`discharge-outcome-${draft.outcome}`),
        }),
        choices: [{ label: kit.t("path-discharge-confirm"), value: true }],
      });
      return value === BACK ? BACK : "next";
    },
  ],
  async save(kit, actor, draft) {
    const saved = await kit.call((deps) =>
      dischargePerson(deps, actor, {
        personId: draft.personId as number,
        outcome: draft.outcome as DischargeOutcome,
        on: draft.on as string,
      }),
    );
    if ("failed" in saved) return saved;
    return withRelease(
      kit,
      kit.t(saved.releasePlanId === null ? "path-discharge-saved" : "path-discharge-planned", {
        person: draft.personLabel ?? "",
        date: dayMonthYear(saved.on),
        outcome: kit.t(`discharge-outcome-${saved.outcome}`),
      }),
      saved.releasePlanId,
    );
  },
};

export const MOVE_ACTIONS: PathAction[] = [legalStatus, transfer, discharge];
