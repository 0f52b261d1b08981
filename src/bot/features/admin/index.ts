// Administration from the chat: invitations, deactivation, programmes, sites and the staff list.
import { Composer } from "grammy";
import { canInvite, isAdmin } from "../../../domain/permissions.ts";
import { ROLES, SITE_KINDS, type Role } from "../../../domain/roles.ts";
import { createInvite } from "../../../services/access.ts";
import { createProgramme, createSite, listProgrammes } from "../../../services/admin.ts";
import { deactivateStaff, listSites, listStaff } from "../../../services/staff.ts";
import { withdrawStaffCommands } from "../../command-menu.ts";
import type { BotContext } from "../../context.ts";
import { BACK, type FlowKit, invalid, ok } from "../../flows/kit.ts";
import { parseItalianDate } from "../../../domain/parse.ts";
import { formatDay, TELEGRAM_TEXT_LIMIT } from "../../../domain/plan-card.ts";
import { localDate } from "../../../domain/weeks.ts";
import { splitIntoMessages } from "../../../services/reports/digest-text.ts";
import type { Feature, FeatureEnv } from "../types.ts";

async function currentActor(kit: FlowKit) {
  return (await kit.staff())?.actor ?? null;
}

async function inviteFlow(kit: FlowKit): Promise<void> {
  const actor = await currentActor(kit);
  if (!actor) return;
  const sites = await kit.conversation.external(() => listSites(kit.deps));
  const invitableRoles = ROLES.filter((role) =>
    role === "admin" ? canInvite(actor, role, null) : sites.some((site) => canInvite(actor, role, site)),
  );
  if (invitableRoles.length === 0) {
    await kit.finish(kit.t("error-not-allowed"));
    return;
  }
  for (;;) {
    const role = await kit.ask<Role>({
      text: kit.t("invite-choose-role"),
      choices: invitableRoles.map((r) => ({ label: kit.t(`role-${r}`), value: r })),
      back: false,
    });
    if (role === BACK) return;
    let siteId: number | null = null;
    if (role !== "admin") {
      const allowed = sites.filter((site) => canInvite(actor, role, site));
      const choice =
        allowed.length === 1
          ? (allowed[0] as { id: number }).id
          : await kit.ask<number>({
              text: kit.t("invite-choose-site"),
              choices: allowed.map((site) => ({ label: site.name, value: site.id })),
            });
      if (choice === BACK) continue;
      siteId = choice;
    }
    const created = await kit.call((deps) => createInvite(deps, actor, { role, siteId }));
    if ("failed" in created) {
      await kit.finish(created.failed);
      return;
    }
    const username = kit.ctx.me.username;
    const link = `https://t.me/${username}?start=${created.code.replace(/-/g, "")}`;
    await kit.finish(
      kit.t("invite-created", {
        code: created.code,
        link,
        role: kit.t(`role-${role}`),
        site: sites.find((s) => s.id === siteId)?.name ?? "—",
        hours: 72,
      }),
    );
    return;
  }
}

async function deactivateFlow(kit: FlowKit): Promise<void> {
  const actor = await currentActor(kit);
  if (!actor) return;
  const staff = await kit.conversation.external(() => listStaff(kit.deps, actor));
  const candidates = staff.filter((s) => s.active && s.id !== actor.staffId);
  if (candidates.length === 0) {
    await kit.finish(kit.t("deactivate-nobody"));
    return;
  }
  for (;;) {
    const staffId = await kit.ask<number>({
      text: kit.t("deactivate-choose"),
      choices: candidates.map((s) => ({ label: s.displayName, value: s.id })),
      back: false,
    });
    if (staffId === BACK) return;
    const name = candidates.find((s) => s.id === staffId)?.displayName ?? "";
    const confirmed = await kit.ask<boolean>({
      text: kit.t("deactivate-confirm", { name }),
      choices: [{ label: kit.t("deactivate-yes"), value: true }],
    });
    if (confirmed === BACK) continue;
    const result = await kit.call(async (deps) => {
      const target = await deactivateStaff(deps, actor, staffId);
      await withdrawStaffCommands(kit.options.api, kit.deps, target);
      return target;
    });
    await kit.finish("failed" in result ? result.failed : kit.t("deactivate-done", { name }));
    return;
  }
}

interface ProgrammeDraft {
  code?: string;
  name?: string;
  funder?: string;
  startsOn?: string;
  endsOn?: string;
}

async function programmeFlow(kit: FlowKit): Promise<void> {
  const actor = await currentActor(kit);
  if (!actor || !isAdmin(actor)) return kit.finish(kit.t("error-not-allowed"));
  const draft: ProgrammeDraft = {};
  const textStep =
    (key: keyof ProgrammeDraft, prompt: string, min: number, max: number) => async (k: FlowKit, d: ProgrammeDraft) => {
      const value = await k.ask<string>({
        text: k.t(prompt),
        parseText: (text) =>
          text.trim().length >= min && text.trim().length <= max
            ? ok(text.trim())
            : invalid(k.t("error-text-length", { min, max })),
      });
      if (value === BACK) return BACK;
      d[key] = value;
      return "next" as const;
    };
  const dateStep = (key: "startsOn" | "endsOn", prompt: string) => async (k: FlowKit, d: ProgrammeDraft) => {
    const value = await k.ask<string>({
      text: k.t(prompt),
      parseText: (text) => {
        const date = parseItalianDate(text, null);
        return date ? ok(date) : invalid(k.t("error-date-format"));
      },
    });
    if (value === BACK) return BACK;
    d[key] = value;
    return "next" as const;
  };
  const done = await kit.runSteps<ProgrammeDraft>(
    [
      textStep("name", "programme-ask-name", 2, 120),
      textStep("code", "programme-ask-code", 2, 32),
      textStep("funder", "programme-ask-funder", 2, 200),
      dateStep("startsOn", "programme-ask-start"),
      dateStep("endsOn", "programme-ask-end"),
    ],
    draft,
  );
  if (!done) return;
  const created = await kit.call((deps) => createProgramme(deps, actor, draft as Required<ProgrammeDraft>));
  await kit.discardDraft();
  await kit.finish("failed" in created ? created.failed : kit.t("programme-created", { name: created.name }));
}

interface SiteDraft {
  programmeId?: number;
  name?: string;
  kind?: (typeof SITE_KINDS)[number];
  codePrefix?: string;
}

async function siteFlow(kit: FlowKit): Promise<void> {
  const actor = await currentActor(kit);
  if (!actor || !isAdmin(actor)) return kit.finish(kit.t("error-not-allowed"));
  const programmes = await kit.conversation.external(() => listProgrammes(kit.deps));
  if (programmes.length === 0) return kit.finish(kit.t("site-no-programme"));
  const draft: SiteDraft = {};
  const done = await kit.runSteps<SiteDraft>(
    [
      async (k, d) => {
        const value = await k.ask<number>({
          text: k.t("site-ask-programme"),
          choices: programmes.map((p) => ({ label: p.name, value: p.id })),
          back: false,
        });
        if (value === BACK) return BACK;
        d.programmeId = value;
        return "next";
      },
      async (k, d) => {
        const value = await k.ask<string>({
          text: k.t("site-ask-name"),
          parseText: (text) =>
            text.trim().length >= 2 && text.trim().length <= 120
              ? ok(text.trim())
              : invalid(k.t("error-text-length", { min: 2, max: 120 })),
        });
        if (value === BACK) return BACK;
        d.name = value;
        return "next";
      },
      async (k, d) => {
        const value = await k.ask({
          text: k.t("site-ask-kind"),
          choices: SITE_KINDS.map((kind) => ({ label: k.t(`site-kind-${kind}`), value: kind })),
        });
        if (value === BACK) return BACK;
        d.kind = value;
        return "next";
      },
      async (k, d) => {
        const value = await k.ask<string>({
          text: k.t("site-ask-prefix"),
          parseText: (text) =>
            /^[A-Za-z]{2,5}$/.test(text.trim()) ? ok(text.trim().toUpperCase()) : invalid(k.t("site-prefix-invalid")),
        });
        if (value === BACK) return BACK;
        d.codePrefix = value;
        return "next";
      },
    ],
    draft,
  );
  if (!done) return;
  const created = await kit.call((deps) => createSite(deps, actor, draft as Required<SiteDraft>));
  await kit.discardDraft();
  await kit.finish("failed" in created ? created.failed : kit.t("site-created", { name: created.name }));
}

export function adminFeature({ deps }: FeatureEnv): Feature {
  const composer = new Composer<BotContext>();
  composer.command(["invito", "invite"], (ctx) => ctx.conversation.enter("invite"));
  composer.command(["disattiva", "deactivate"], (ctx) => ctx.conversation.enter("deactivate"));
  composer.command(["nuovoprogetto", "newprogramme"], (ctx) => ctx.conversation.enter("programme"));
  composer.command(["nuovasede", "newsite"], (ctx) => ctx.conversation.enter("site"));

  composer.command(["staff"], async (ctx) => {
    if (!ctx.staff) return;
    const staff = await listStaff(deps, ctx.staff.actor);
    const lines = staff.map((s) => {
      const roles = s.roles.map((r) => `${ctx.t(`role-${r.role}`)}${r.siteName ? ` @ ${r.siteName}` : ""}`).join(", ");
      if (!s.active) return `⊘ ${s.displayName} — ${roles || "—"}`;
      if (s.unreachableSince === null) return `• ${s.displayName} — ${roles || "—"}`;
      const since = formatDay(localDate(s.unreachableSince, deps.timeZone));
      return `🚫 ${s.displayName} — ${roles || "—"} · ${ctx.t("staff-unreachable", { since })}`;
    });
    if (lines.length === 0) return ctx.reply(ctx.t("staff-list-empty"));
    // A large deployment has more staff than one message holds: the list goes on in further messages.
    const title = ctx.t("staff-list-title");
    for (const text of splitIntoMessages([`${title}\n${lines.join("\n")}`], TELEGRAM_TEXT_LIMIT, title))
      await ctx.reply(text);
  });

  composer.command(["sedi", "sites"], async (ctx) => {
    if (!ctx.staff) return;
    const actor = ctx.staff.actor;
    const programmes = await listProgrammes(deps);
    const sites = await listSites(deps);
    const visible = programmes
      .map((p) => ({
        ...p,
        sites: p.sites.filter(
          (s) =>
            sites.some((v) => v.id === s.id) &&
            (isAdmin(actor, p.id) || actor.memberships.some((m) => m.siteId === s.id)),
        ),
      }))
      .filter((p) => isAdmin(actor, p.id) || p.sites.length > 0);
    if (visible.length === 0) return ctx.reply(ctx.t("sites-none"));
    const text = visible
      .map(
        (p) =>
          `📁 ${p.name} (${p.funder})\n${p.sites.map((s) => `  • ${s.name} [${s.codePrefix}] — ${ctx.t(`site-kind-${s.kind}`)}`).join("\n")}`,
      )
      .join("\n\n");
    await ctx.reply(text);
  });

  return {
    composer,
    flows: [
      { id: "invite", run: inviteFlow },
      { id: "deactivate", run: deactivateFlow },
      { id: "programme", run: programmeFlow },
      { id: "site", run: siteFlow },
    ],
  };
}
