// `report quarterly|period …` (the funder's monitoring sheet, .xlsx), `report funnel …` (the job-placement table, CSV
// and .xlsx) and `export sessions|attendance|events …` (pseudonymised CSV), for the programme office's shell. runReportCommand takes the words after `npm run cli --` and returns the exit code.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { ZodError } from "zod";
import { ServiceError } from "../../services/errors.ts";
import { exportRecords, RECORD_EXPORTS, type RecordExport } from "../../services/reports/exports.ts";
import { quarterPeriod, type ReportPeriod } from "../../domain/report-periods.ts";
import { type FunnelReport, jobFunnelReport } from "../../services/reports/funnel.ts";
import { type QuarterlySheet, quarterlySheet } from "../../services/reports/quarterly.ts";
import { type CommandContext, EXIT, type ExitCode, parseOptions, UsageError } from "./command.ts";

export const REPORT_USAGE = [
  "report quarterly --programme <id|code> --quarter 2026Q1 [--out file.xlsx] [--locale it|en]",
  "report period --programme <id|code> --from YYYY-MM-DD --to YYYY-MM-DD [--out file.xlsx] [--locale it|en]",
  "report funnel --programme <id|code> --from YYYY-MM-DD --to YYYY-MM-DD [--by year] [--out name] [--locale it|en]",
  `export ${RECORD_EXPORTS.join("|")} --from YYYY-MM-DD --to YYYY-MM-DD [--out file.csv]`,
] as const;

/** argv: ["report", "quarterly", …] or ["export", "sessions" | "attendance" | "events", …]. */
export async function runReportCommand(argv: readonly string[], context: CommandContext): Promise<ExitCode> {
  const [command, what, ...options] = argv;
  try {
    if (command === "report" && what === "quarterly") return await sheet(context, options, "quarter");
    if (command === "report" && what === "period") return await sheet(context, options, "range");
    if (command === "report" && what === "funnel") return await funnel(context, options);
    if (command === "export" && RECORD_EXPORTS.includes(what as RecordExport)) {
      return await exportCsv(context, what as RecordExport, options);
    }
    throw new UsageError(`expected "report quarterly|period|funnel" or "export ${RECORD_EXPORTS.join("|")}"`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ZodError) {
      const message = error instanceof ZodError ? error.issues.map((issue) => issue.message).join("; ") : error.message;
      context.io.err(`Usage error: ${message}`);
      for (const line of REPORT_USAGE) context.io.err(`  npm run cli -- ${line}`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** The values of the `names` options (all strings); a missing `required` one is a usage error. */
function optionValues(
  args: string[],
  names: readonly string[],
  required: readonly string[],
): Record<string, string | undefined> {
  const options = Object.fromEntries(names.map((name) => [name, { type: "string" as const }]));
  const { values } = parseOptions({ args, options, allowPositionals: false });
  const strings = values as Record<string, string | undefined>;
  const missing = required.filter((name) => strings[name] === undefined);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((name) => `--${name}`).join(", ")}`);
  return strings;
}

/** --quarter 2026Q1, or --from and --to. */
function periodOption(values: Record<string, string | undefined>, by: "quarter" | "range"): ReportPeriod {
  if (by === "range") return { startsOn: values.from as string, endsOn: values.to as string };
  if (!/^\d{4}Q[1-4]$/.test(values.quarter ?? "")) throw new UsageError("quarter must look like 2026Q1");
  return quarterPeriod(values.quarter as string);
}

async function sheet(
  { io, services, cwd }: CommandContext,
  args: string[],
  by: "quarter" | "range",
): Promise<ExitCode> {
  const periodNames = by === "quarter" ? ["quarter"] : ["from", "to"];
  const values = optionValues(args, ["programme", ...periodNames, "out", "locale"], ["programme", ...periodNames]);
  const period = periodOption(values, by);
  let built: QuarterlySheet;
  try {
    built = await quarterlySheet(await services(), null, {
      programme: values.programme as string,
      ...period,
      locale: values.locale as "it" | "en" | undefined,
    });
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    io.err(`No programme with id or code "${values.programme}", or it has no sites.`);
    return EXIT.failed;
  }
  const out = values.out ?? built.filename;
  // Owner-only, like every export: it describes the programme's people, if only in numbers.
  await writeFile(path.resolve(cwd, out), built.workbook, { mode: 0o600 });
  io.out(
    `Monitoring sheet ${period.startsOn} – ${period.endsOn} of ${built.programmeName} (${built.siteNames.join(", ")}) written to ${out}.`,
  );
  return EXIT.ok;
}

async function funnel({ io, services, cwd }: CommandContext, args: string[]): Promise<ExitCode> {
  const values = optionValues(args, ["programme", "from", "to", "by", "out", "locale"], ["programme", "from", "to"]);
  if ((values.by ?? "year") !== "year") throw new UsageError("--by takes only year");
  let report: FunnelReport;
  try {
    report = await jobFunnelReport(await services(), null, {
      programme: values.programme as string,
      startsOn: values.from as string,
      endsOn: values.to as string,
      locale: values.locale as "it" | "en" | undefined,
    });
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    io.err(`No programme with id or code "${values.programme}", or it has no sites.`);
    return EXIT.failed;
  }
  const base = (values.out ?? report.filename).replace(/\.(csv|xlsx)$/i, "");
  await writeFile(path.resolve(cwd, `${base}.csv`), report.csv, { mode: 0o600 });
  await writeFile(path.resolve(cwd, `${base}.xlsx`), report.workbook, { mode: 0o600 });
  for (const line of report.lines) io.out(line);
  io.out(`Job-placement table of ${report.programmeName} written to ${base}.csv and ${base}.xlsx.`);
  return EXIT.ok;
}

async function exportCsv({ io, services, cwd }: CommandContext, kind: RecordExport, args: string[]): Promise<ExitCode> {
  const values = optionValues(args, ["from", "to", "out"], ["from", "to"]);
  const result = await exportRecords(await services(), { kind, from: values.from as string, to: values.to as string });
  const rows = `${result.rows} ${result.rows === 1 ? "row" : "rows"} of ${kind} (pseudonymised)`;
  if (!values.out) {
    io.write(result.csv);
    io.err(`Exported ${rows}.`);
    return EXIT.ok;
  }
  await writeFile(path.resolve(cwd, values.out), result.csv, { mode: 0o600 });
  io.out(`Exported ${rows} to ${values.out}.`);
  return EXIT.ok;
}
