// Funders' reports for coordinators and admins. /trimestrale: the monitoring sheet of a programme for a quarter, a year
// or any range of days, as an .xlsx document. /lavoro: the job-placement funnel by year, as text and .xlsx.
// /obiettivi: admins set the sheet's ex-ante targets and the budgets for internship allowances.
import { Composer, InputFile } from "grammy";
import {
  parseReportPeriod,
  previousQuarter,
  quarterOf,
  quarterPeriod,
  type ReportPeriod,
  yearPeriod,
} from "../../../domain/report-periods.ts";
import {
  BUDGET_CODES,
  type BudgetCode,
  isBudgetCode,
  OUTPUT_INDICATORS,
  TARGET_CODES,
  type TargetCode,
  targetOf,
} from "../../../domain/output-indicators.ts";
import { parseQuantity } from "../../../domain/parse.ts";
import { localDate } from "../../../domain/weeks.ts";
import { jobFunnelReport } from "../../../services/reports/funnel.ts";
import { BUDGET_LABEL_KEYS } from "../../../services/reports/path-lines.ts";
import {
  periodText,
  type QuarterlyProgrammeOption,
  quarterlyProgrammesFor,
  quarterlySheet,
} from "../../../services/reports/quarterly.ts";
import { setTarget, targetProgrammesFor } from "../../../services/targets.ts";
import type { BotContext } from "../../context.ts";
import { BACK, type Choice, type FlowKit, invalid, ok, pickOne } from "../../flows/kit.ts";
import type { Feature, FeatureEnv } from "../types.ts";

/** A Telegram message holds 4096 characters; past this the funnel's text keeps only its total line. */
const MESSAGE_BUDGET = 3800;

/** Asks the programme (when more than one) and then the period; null when the actor may not report on any. */
async function askProgrammeAndPeriod(
  kit: FlowKit,
  keys: { notAllowed: string; askProgramme: string; askPeriod: string },
  choicesFor: (today: string) => Choice<ReportPeriod>[],
): Promise<{ programme: QuarterlyProgrammeOption; period: ReportPeriod; locale: "it" | "en" } | null> {
  const staff = await kit.staff();
  if (!staff) return null;
  const programmes = await kit.conversation.external(() => quarterlyProgrammesFor(kit.deps, staff.actor));
  if (programmes.length === 0) {
    await kit.finish(kit.t(keys.notAllowed));
    return null;
  }
  const today = localDate(await kit.now(), kit.deps.timeZone);
  for (;;) {
    const programme = await pickOne(kit, kit.t(keys.askProgramme), programmes, (p) => p.name);
    if (programme === BACK) return null;
    const period = await kit.ask<ReportPeriod>({
      text: kit.t(keys.askPeriod),
      choices: choicesFor(today),
      parseText: (text) => {
        const answer = parseReportPeriod(text, today);
        if (answer.ok) return ok(answer.period);
        return invalid(kit.t(answer.reason === "future" ? "quarterly-period-future" : "quarterly-period-invalid"));
      },
      back: programmes.length > 1,
    });
    if (period === BACK) continue;
    return { programme, period, locale: staff.locale === "en" ? "en" : "it" };
  }
}

async function quarterlyFlow(kit: FlowKit): Promise<void> {
  const staff = await kit.staff();
  if (!staff) return;
  const quarterChoice = (quarterKey: string) => ({
    label: kit.t("quarterly-quarter-choice", {
      quarter: quarterKey,
      period: periodText(quarterPeriod(quarterKey), staff.locale),
    }),
    value: quarterPeriod(quarterKey),
  });
  const asked = await askProgrammeAndPeriod(
    kit,
    { notAllowed: "quarterly-not-allowed", askProgramme: "quarterly-ask-programme", askPeriod: "quarterly-ask-period" },
    (today) => {
      const year = Number(today.slice(0, 4));
      return [
        quarterChoice(previousQuarter(quarterOf(today))),
        quarterChoice(quarterOf(today)),
        { label: kit.t("quarterly-year-choice", { year: year - 1 }), value: yearPeriod(year - 1) },
        { label: kit.t("quarterly-year-choice", { year }), value: yearPeriod(year) },
      ];
    },
  );
  if (!asked) return;
  const sheet = await kit.call(async () => {
    const built = await quarterlySheet(kit.deps, staff.actor, {
      programme: asked.programme.id,
      ...asked.period,
      locale: asked.locale,
    });
    return { ...built, workbook: built.workbook.toString("base64") };
  });
  if ("failed" in sheet) return kit.finish(sheet.failed);
  await kit.finish(
    kit.t("quarterly-sent", {
      programme: sheet.programmeName,
      period: periodText(asked.period, staff.locale),
      sites: sheet.siteNames.join(", "),
    }),
  );
  await kit.ctx.replyWithDocument(new InputFile(Buffer.from(sheet.workbook, "base64"), sheet.filename));
}

/** /obiettivi (admins): an ex-ante target of the sheet, or an allowance budget, for the programme or one of its sites. */
async function targetsFlow(kit: FlowKit): Promise<void> {
  const staff = await kit.staff();
  if (!staff) return;
  const programmes = await kit.conversation.external(() => targetProgrammesFor(kit.deps, staff.actor));
  if (programmes.length === 0) return kit.finish(kit.t("targets-not-allowed"));
  const number = (value: number) => value.toLocaleString(staff.locale === "en" ? "en-GB" : "it-IT");
  const format = (value: number | null, noneKey: string) => (value === null ? kit.t(noneKey) : number(value));
  for (;;) {
    const programme = await pickOne(kit, kit.t("targets-ask-programme"), programmes, (p) => p.name);
    if (programme === BACK) return;
    const scope = await kit.ask<{ siteId: number | null; name: string }>({
      text: kit.t("targets-ask-scope"),
      choices: [
        { label: kit.t("targets-scope-programme"), value: { siteId: null, name: programme.name } },
        ...programme.sites.map((site) => ({ label: site.name, value: { siteId: site.id, name: site.name } })),
      ],
      columns: 1,
      back: programmes.length > 1,
    });
    if (scope === BACK) continue;
    const current = (code: string) => targetOf(programme.targets, code, scope.siteId);
    const code = await kit.ask<TargetCode | BudgetCode>({
      text: kit.t("targets-ask-indicator", { scope: scope.name }),
      choices: [
        ...TARGET_CODES.map((targetCode, index) => ({
          label: kit.t("targets-indicator-choice", {
            number: index < OUTPUT_INDICATORS.length ? String(index + 1) : "–",
            indicator: kit.t(`quarterly-indicator-${targetCode}`),
            current: format(current(targetCode), "targets-none"),
          }),
          value: targetCode,
        })),
        ...BUDGET_CODES.map((budgetCode) => ({
          label: kit.t("targets-budget-choice", {
            budget: kit.t(BUDGET_LABEL_KEYS[budgetCode]),
            current: format(current(budgetCode), "targets-no-budget"),
          }),
          value: budgetCode,
        })),
      ],
      columns: 1,
    });
    if (code === BACK) continue;
    const budget = isBudgetCode(code);
    const name = kit.t(budget ? BUDGET_LABEL_KEYS[code] : `quarterly-indicator-${code}`);
    const now = format(current(code), budget ? "targets-no-budget" : "targets-none");
    const value = await kit.ask<number>({
      text: budget
        ? kit.t("targets-ask-budget", { budget: name, scope: scope.name, current: now })
        : kit.t("targets-ask-value", { indicator: name, scope: scope.name, current: now }),
      parseText: (text) => {
        const typed = parseQuantity(text);
        return typed === null ? invalid(kit.t("targets-value-invalid")) : ok(typed);
      },
    });
    if (value === BACK) continue;
    const saved = await kit.call((deps) =>
      setTarget(deps, staff.actor, { programmeId: programme.id, siteId: scope.siteId, code, target: value }),
    );
    if (saved && "failed" in saved) return kit.finish(saved.failed);
    return kit.finish(
      budget
        ? kit.t("targets-budget-saved", { budget: name, scope: scope.name, value: number(value) })
        : kit.t("targets-saved", { indicator: name, scope: scope.name, target: number(value) }),
    );
  }
}

async function funnelFlow(kit: FlowKit): Promise<void> {
  const staff = await kit.staff();
  if (!staff) return;
  const asked = await askProgrammeAndPeriod(
    kit,
    { notAllowed: "funnel-not-allowed", askProgramme: "funnel-ask-programme", askPeriod: "funnel-ask-period" },
    (today) => {
      const year = Number(today.slice(0, 4));
      return [
        {
          label: kit.t("funnel-last-years", { from: year - 2, to: year }),
          value: { startsOn: `${year - 2}-01-01`, endsOn: `${year}-12-31` },
        },
        { label: kit.t("quarterly-year-choice", { year: year - 1 }), value: yearPeriod(year - 1) },
        { label: kit.t("quarterly-year-choice", { year }), value: yearPeriod(year) },
      ];
    },
  );
  if (!asked) return;
  const report = await kit.call(async () => {
    const built = await jobFunnelReport(kit.deps, staff.actor, {
      programme: asked.programme.id,
      ...asked.period,
      locale: asked.locale,
    });
    return { ...built, workbook: built.workbook.toString("base64"), funnel: null };
  });
  if ("failed" in report) return kit.finish(report.failed);
  const title = kit.t("funnel-sent", { programme: report.programmeName, sites: report.siteNames.join(", ") });
  const full = [title, ...report.lines].join("\n");
  await kit.finish(full.length <= MESSAGE_BUDGET ? full : [title, report.lines.at(-1)].join("\n"));
  await kit.ctx.replyWithDocument(new InputFile(Buffer.from(report.workbook, "base64"), `${report.filename}.xlsx`));
}

export function reportsFeature(_env: FeatureEnv): Feature {
  const composer = new Composer<BotContext>();
  composer.command(["trimestrale", "quarterly"], (ctx) => ctx.conversation.enter("quarterly"));
  composer.command(["lavoro", "jobs"], (ctx) => ctx.conversation.enter("job-funnel"));
  composer.command(["obiettivi", "targets"], (ctx) => ctx.conversation.enter("targets"));
  return {
    composer,
    flows: [
      { id: "quarterly", run: quarterlyFlow },
      { id: "job-funnel", run: funnelFlow },
      { id: "targets", run: targetsFlow },
    ],
  };
}
