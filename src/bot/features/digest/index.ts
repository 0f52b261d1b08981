// /riepilogo (and the menu button): the weekly digest of a site or programme for any week, the same text and chart
// as the scheduled one.
import { hears } from "@grammyjs/i18n";
import { Composer, InputFile } from "grammy";
import { isoWeekKey, localDate, previousWeek, weekRange } from "../../../domain/weeks.ts";
import type { WeekKey } from "../../../domain/weeks.ts";
import { type DigestScopeOption, digestFor, digestScopesFor, renderDigest } from "../../../services/reports/digest.ts";
import { shortDay } from "../../../services/reports/digest-text.ts";
import type { BotContext } from "../../context.ts";
import { BACK, type FlowKit, invalid, ok, pickOne } from "../../flows/kit.ts";
import type { Feature, FeatureEnv } from "../types.ts";
import { parseWeekAnswer } from "./periods.ts";

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

export function digestFeature(_env: FeatureEnv): Feature {
  const composer = new Composer<BotContext>();
  const startDigest = (ctx: BotContext) => ctx.conversation.enter("digest");
  composer.command(["riepilogo", "digest"], startDigest);
  composer.filter(hears("menu-digest"), startDigest);
  return {
    composer,
    flows: [{ id: "digest", run: digestFlow }],
  };
}
