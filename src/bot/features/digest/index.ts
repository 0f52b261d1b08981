// /riepilogo (and the menu button): the weekly digest of a site or programme for any week, the same text and chart
// as the scheduled one. /trimestrale: the quarterly monitoring sheet of a programme as an .xlsx document.
import { hears } from "@grammyjs/i18n";
import { Composer, InputFile } from "grammy";
import { isoWeekKey, localDate, previousWeek, weekRange } from "../../../domain/weeks.ts";
import type { QuarterKey, WeekKey } from "../../../domain/weeks.ts";
import { type DigestScopeOption, digestFor, digestScopesFor, renderDigest } from "../../../services/reports/digest.ts";
import { shortDay } from "../../../services/reports/digest-text.ts";
import { periodText, quarterlyProgrammesFor, quarterlySheet } from "../../../services/reports/quarterly.ts";
import type { QuarterlyProgrammeOption } from "../../../services/reports/quarterly.ts";
import type { BotContext } from "../../context.ts";
import { BACK, type FlowKit, invalid, ok } from "../../flows/kit.ts";
import type { Feature, FeatureEnv } from "../types.ts";
import { parseQuarterAnswer, parseWeekAnswer, previousQuarter, quarterOf } from "./periods.ts";

/** Asks among options unless there is only one; BACK when the user backs out of the question. */
async function pickOne<T>(
  kit: FlowKit,
  text: string,
  options: T[],
  label: (option: T) => string,
): Promise<T | typeof BACK> {
  if (options.length === 1) return options[0] as T;
  return kit.ask<T>({ text, choices: options.map((option) => ({ label: label(option), value: option })), back: false });
}

async function digestFlow(kit: FlowKit): Promise<void> {
  const staff = await kit.staff();
  if (!staff) return;
  const scopes = await kit.conversation.external(() => digestScopesFor(kit.deps, staff.actor));
  if (scopes.length === 0) return kit.finish(kit.t("digest-not-allowed"));
  const today = localDate(await kit.now(), kit.deps.timeZone);
  const thisWeek = isoWeekKey(today);
  const weekChoice = (key: string, weekKey: WeekKey) => {
    const { startsOn, endsOn } = weekRange(weekKey);
    return { label: kit.t(key, { from: shortDay(startsOn), to: shortDay(endsOn) }), value: weekKey };
  };
  for (;;) {
    const scope = await pickOne<DigestScopeOption>(kit, kit.t("digest-ask-scope"), scopes, (option) =>
      kit.t(option.kind === "site" ? "digest-scope-site" : "digest-scope-programme", { name: option.name }),
    );
    if (scope === BACK) return;
    const weekKey = await kit.ask<WeekKey>({
      text: kit.t("digest-ask-week"),
      choices: [weekChoice("digest-last-week", previousWeek(thisWeek)), weekChoice("digest-this-week", thisWeek)],
      parseText: (text) => {
        const answer = parseWeekAnswer(text, today);
        return answer.ok
          ? ok(answer.key)
          : invalid(kit.t(answer.reason === "future" ? "digest-week-future" : "digest-week-invalid"));
      },
      back: scopes.length > 1,
    });
    if (weekKey === BACK) continue;
    const digest = await kit.call(async () => {
      const view = await digestFor(kit.deps, staff.actor, { kind: scope.kind, id: scope.id }, weekKey);
      const { texts, chartPng } = await renderDigest(view, staff.locale);
      return { texts, chartPngBase64: chartPng.toString("base64") };
    });
    if ("failed" in digest) return kit.finish(digest.failed);
    const [first = "", ...rest] = digest.texts;
    await kit.finish(first);
    for (const text of rest) await kit.ctx.reply(text);
    await kit.ctx.replyWithPhoto(new InputFile(Buffer.from(digest.chartPngBase64, "base64"), "riepilogo.png"));
    return;
  }
}

async function quarterlyFlow(kit: FlowKit): Promise<void> {
  const staff = await kit.staff();
  if (!staff) return;
  const programmes = await kit.conversation.external(() => quarterlyProgrammesFor(kit.deps, staff.actor));
  if (programmes.length === 0) return kit.finish(kit.t("quarterly-not-allowed"));
  const today = localDate(await kit.now(), kit.deps.timeZone);
  const current = quarterOf(today);
  const quarterChoice = (quarterKey: QuarterKey) => ({
    label: kit.t("quarterly-quarter-choice", { quarter: quarterKey, period: periodText(quarterKey, staff.locale) }),
    value: quarterKey,
  });
  for (;;) {
    const programme = await pickOne<QuarterlyProgrammeOption>(
      kit,
      kit.t("quarterly-ask-programme"),
      programmes,
      (p) => p.name,
    );
    if (programme === BACK) return;
    const quarterKey = await kit.ask<QuarterKey>({
      text: kit.t("quarterly-ask-quarter"),
      choices: [quarterChoice(previousQuarter(current)), quarterChoice(current)],
      parseText: (text) => {
        const answer = parseQuarterAnswer(text, today);
        if (answer.ok) return ok(answer.key);
        return invalid(kit.t(answer.reason === "future" ? "quarterly-quarter-future" : "quarterly-quarter-invalid"));
      },
      back: programmes.length > 1,
    });
    if (quarterKey === BACK) continue;
    const sheet = await kit.call(async () => {
      const built = await quarterlySheet(kit.deps, staff.actor, {
        programme: programme.id,
        quarterKey,
        locale: staff.locale === "en" ? "en" : "it",
      });
      return { ...built, workbook: built.workbook.toString("base64") };
    });
    if ("failed" in sheet) return kit.finish(sheet.failed);
    await kit.finish(
      kit.t("quarterly-sent", {
        quarter: quarterKey,
        programme: sheet.programmeName,
        sites: sheet.siteNames.join(", "),
      }),
    );
    await kit.ctx.replyWithDocument(new InputFile(Buffer.from(sheet.workbook, "base64"), sheet.filename));
    return;
  }
}

export function digestFeature(_env: FeatureEnv): Feature {
  const composer = new Composer<BotContext>();
  const startDigest = (ctx: BotContext) => ctx.conversation.enter("digest");
  composer.command(["riepilogo", "digest"], startDigest);
  composer.filter(hears("menu-digest"), startDigest);
  composer.command(["trimestrale", "quarterly"], (ctx) => ctx.conversation.enter("quarterly"));
  return {
    composer,
    flows: [
      { id: "digest", run: digestFlow },
      { id: "quarterly", run: quarterlyFlow },
    ],
  };
}
