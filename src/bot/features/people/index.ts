// People from the chat: coordinators add a person (the code is generated); staff search by code or name.
import { Composer } from "grammy";
import { canManageSite } from "../../../domain/permissions.ts";
import { parseItalianDate } from "../../../domain/parse.ts";
import { LEGAL_STATUSES, type LegalStatus } from "../../../domain/legal-status.ts";
import { FRAGILITIES, type Fragility } from "../../../domain/roles.ts";
import { localDate } from "../../../domain/weeks.ts";
import { addPerson, searchPeopleForActor } from "../../../services/people.ts";
import { listSites } from "../../../services/staff.ts";
import type { BotContext } from "../../context.ts";
import { BACK, type FlowKit, invalid, ok } from "../../flows/kit.ts";
import type { Feature, FeatureEnv } from "../types.ts";

interface PersonDraft {
  siteId?: number;
  givenName?: string;
  familyName?: string;
  birthYear?: number | null;
  legalStatus?: LegalStatus;
  fragilities?: Fragility[];
  intakeOn?: string;
}

const nameStep = (key: "givenName" | "familyName") => async (kit: FlowKit, draft: PersonDraft) => {
  const value = await kit.ask<string>({
    text: kit.t(key === "givenName" ? "person-ask-given-name" : "person-ask-family-name"),
    parseText: (text) => {
      const trimmed = text.trim().replace(/\s+/g, " ");
      return trimmed.length >= 1 && trimmed.length <= 80 && /^[\p{L}' .-]+$/u.test(trimmed)
        ? ok(trimmed)
        : invalid(kit.t("person-name-invalid"));
    },
  });
  if (value === BACK) return BACK;
  draft[key] = value;
  return "next" as const;
};

async function addPersonFlow(kit: FlowKit): Promise<void> {
  const staff = await kit.staff();
  if (!staff?.active) return;
  const actor = staff.actor;
  const sites = (await kit.conversation.external(() => listSites(kit.deps))).filter((site) =>
    canManageSite(actor, site),
  );
  if (sites.length === 0) return kit.finish(kit.t("error-not-allowed"));
  const today = localDate(await kit.now(), kit.deps.timeZone);
  const resumed = await kit.offerDraft<PersonDraft>(
    (d) => [d.givenName, d.familyName].filter(Boolean).join(" ") || "—",
  );
  const draft: PersonDraft = resumed?.data ?? {};
  const done = await kit.runSteps<PersonDraft>(
    [
      async (k, d) => {
        if (sites.length === 1) {
          d.siteId = sites[0]?.id;
          return "skip";
        }
        const value = await k.ask<number>({
          text: k.t("person-ask-site"),
          choices: sites.map((s) => ({ label: s.name, value: s.id })),
          back: false,
        });
        if (value === BACK) return BACK;
        d.siteId = value;
        return "next";
      },
      nameStep("givenName"),
      nameStep("familyName"),
      async (k, d) => {
        const value = await k.ask<number | null>({
          text: k.t("person-ask-birth-year"),
          choices: [{ label: k.t("flow-skip"), value: null }],
          parseText: (text) => {
            const year = Number(text.trim());
            return Number.isInteger(year) && year >= 1900 && year <= Number(today.slice(0, 4)) - 14
              ? ok(year)
              : invalid(k.t("person-birth-year-invalid"));
          },
        });
        if (value === BACK) return BACK;
        d.birthYear = value;
        return "next";
      },
      async (k, d) => {
        const value = await k.ask<LegalStatus>({
          text: k.t("person-ask-legal-status"),
          choices: LEGAL_STATUSES.map((status) => ({ label: k.t(`legal-${status}`), value: status })),
        });
        if (value === BACK) return BACK;
        d.legalStatus = value;
        return "next";
      },
      async (k, d) => {
        const chosen = new Set(d.fragilities ?? []);
        const states = await k.toggles<"yes" | "no">({
          text: k.t("person-ask-fragilities"),
          items: FRAGILITIES.map((flag) => ({ key: flag, label: k.t(`fragility-${flag}`) })),
          states: Object.fromEntries(FRAGILITIES.map((flag) => [flag, chosen.has(flag) ? "yes" : "no"])),
          cycle: ["no", "yes"],
          icon: { yes: "☑️", no: "⬜" },
          confirmLabel: k.t("flow-confirm"),
        });
        if (states === BACK) return BACK;
        d.fragilities = FRAGILITIES.filter((flag) => states[flag] === "yes");
        return "next";
      },
      async (k, d) => {
        const value = await k.ask<string>({
          text: k.t("person-ask-intake"),
          choices: [{ label: k.t("date-today"), value: today }],
          parseText: (text) => {
            const date = parseItalianDate(text, today);
            if (!date) return invalid(k.t("error-date-format"));
            return date > today ? invalid(k.t("error-date-future")) : ok(date);
          },
        });
        if (value === BACK) return BACK;
        d.intakeOn = value;
        return "next";
      },
    ],
    draft,
    resumed?.step ?? 0,
  );
  if (!done) return;
  const created = await kit.call((deps) =>
    addPerson(deps, actor, {
      siteId: draft.siteId as number,
      givenName: draft.givenName as string,
      familyName: draft.familyName as string,
      birthYear: draft.birthYear ?? null,
      legalStatus: draft.legalStatus as LegalStatus,
      fragilities: draft.fragilities ?? [],
      intakeOn: draft.intakeOn as string,
      caseManagerId: null,
    }),
  );
  if ("failed" in created) return kit.finish(created.failed);
  await kit.discardDraft();
  await kit.finish(kit.t("person-created", { code: created.code, name: created.shortName }));
}

export function peopleFeature({ deps }: FeatureEnv): Feature {
  const composer = new Composer<BotContext>();
  // With a code, /persona shows the person's path (features/path); without, it adds a person.
  composer.command(["persona", "person"], (ctx, next) =>
    ctx.match.trim() === "" ? ctx.conversation.enter("add-person") : next(),
  );
  composer.command(["cerca", "find"], async (ctx) => {
    if (!ctx.staff) return;
    const query = ctx.match.trim();
    if (query.length < 2) return ctx.reply(ctx.t("search-usage"));
    const found = await searchPeopleForActor(deps, ctx.staff.actor, query);
    if (found.length === 0) return ctx.reply(ctx.t("search-none"));
    await ctx.reply(`${ctx.t("search-results")}\n${found.map((p) => `• ${p.code} · ${p.shortName}`).join("\n")}`);
  });
  return { composer, flows: [{ id: "add-person", run: addPersonFlow }] };
}
