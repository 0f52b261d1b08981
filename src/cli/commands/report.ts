// `report quarterly …` (the funder's .xlsx) and `export sessions|attendance|events …` (pseudonymised CSV), for the
// programme office's shell. runReportCommand takes the words after `npm run cli --` and returns the exit code.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { ZodError } from "zod";
import { ServiceError } from "../../services/errors.ts";
import { exportRecords, RECORD_EXPORTS, type RecordExport } from "../../services/reports/exports.ts";
import { type QuarterlySheet, quarterlySheet } from "../../services/reports/quarterly.ts";
import { type CommandContext, EXIT, type ExitCode, parseOptions, UsageError } from "./command.ts";

export const REPORT_USAGE = [
  "report quarterly --programme <id|code> --quarter 2026Q1 [--out file.xlsx] [--locale it|en]",
  `export ${RECORD_EXPORTS.join("|")} --from YYYY-MM-DD --to YYYY-MM-DD [--out file.csv]`,
] as const;

/** argv: ["report", "quarterly", …] or ["export", "sessions" | "attendance" | "events", …]. */
export async function runReportCommand(argv: readonly string[], context: CommandContext): Promise<ExitCode> {
  const [command, what, ...options] = argv;
  try {
    if (command === "report" && what === "quarterly") return await quarterly(context, options);
    if (command === "export" && RECORD_EXPORTS.includes(what as RecordExport)) {
      return await exportCsv(context, what as RecordExport, options);
    }
    throw new UsageError(`expected "report quarterly" or "export ${RECORD_EXPORTS.join("|")}"`);
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

async function quarterly({ io, services, cwd }: CommandContext, args: string[]): Promise<ExitCode> {
  const values = optionValues(args, ["programme", "quarter", "out", "locale"], ["programme", "quarter"]);
  let sheet: QuarterlySheet;
  try {
    sheet = await quarterlySheet(await services(), null, {
      programme: values.programme as string,
      quarterKey: values.quarter as string,
      locale: values.locale as "it" | "en" | undefined,
    });
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    io.err(`No programme with id or code "${values.programme}", or it has no sites.`);
    return EXIT.failed;
  }
  const out = values.out ?? sheet.filename;
  // Owner-only, like every export: it describes the programme's people, if only in numbers.
  await writeFile(path.resolve(cwd, out), sheet.workbook, { mode: 0o600 });
  io.out(
    `Quarterly sheet ${values.quarter} of ${sheet.programmeName} (${sheet.siteNames.join(", ")}) written to ${out}.`,
  );
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
