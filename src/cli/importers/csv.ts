// Shared by the CSV importers: reading a file into rows that know their line, checking cells with zod, and the
// all-or-nothing write. Cell messages are written for the person who will fix the spreadsheet.
import { CsvError, parse } from "csv-parse/sync";
import { z } from "zod";
import { parseItalianDate } from "../../domain/parse.ts";
import { restoreNeutralised } from "../../domain/spreadsheet-cells.ts";
import { recordAudit } from "../../services/audit.ts";
import type { ServiceDeps } from "../../services/deps.ts";
import type { ImportResult, RowError, Transaction } from "./types.ts";

export interface CsvRow {
  /** The file line where the row starts (the header is line 1). */
  line: number;
  cells: Record<string, string>;
}

export interface CsvColumns {
  required: readonly string[];
  optional: readonly string[];
}

interface InfoRecord {
  record: string[];
  info: { lines: number; empty_lines: number };
}

// Italian spreadsheets save CSV with ";" between cells: the header line tells which separator the file uses.
function detectDelimiter(text: string): "," | ";" {
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return header.includes(";") && !header.includes(",") ? ";" : ",";
}

/** Splits a CSV file into rows keyed by column name; checks the header and the number of cells of every row. */
export function readCsv(text: string, columns: CsvColumns): { rows: CsvRow[]; errors: RowError[] } {
  let records: InfoRecord[];
  try {
    // With `info: true` each record comes with its position; csv-parse's types do not follow that option.
    // Line breaks are made uniform first: csv-parse counts a CR LF inside a quoted cell as two lines.
    records = parse(text.replace(/\r\n?/g, "\n"), {
      bom: true,
      delimiter: detectDelimiter(text),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as InfoRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1;
      return { rows: [], errors: [{ line, column: "", reason: `the file is not valid CSV (${error.message})` }] };
    }
    throw error;
  }
  const [headerRecord, ...dataRecords] = records;
  if (!headerRecord) return { rows: [], errors: [{ line: 1, column: "", reason: "the file is empty" }] };
  const header = headerRecord.record.map((name) => name.trim().toLowerCase());
  const known = [...columns.required, ...columns.optional];
  const errors: RowError[] = [];
  header.forEach((name, index) => {
    if (!known.includes(name)) {
      errors.push({
        line: headerRecord.info.lines,
        column: name,
        reason: `unknown column (expected: ${known.join(", ")})`,
      });
    } else if (header.indexOf(name) !== index) {
      errors.push({ line: headerRecord.info.lines, column: name, reason: "the column appears twice" });
    }
  });
  for (const name of columns.required) {
    if (!header.includes(name))
      errors.push({ line: headerRecord.info.lines, column: name, reason: "required column is missing" });
  }
  if (errors.length > 0) return { rows: [], errors };

  const rows: CsvRow[] = [];
  let previous = headerRecord.info;
  for (const { record, info } of dataRecords) {
    // A record may span lines (a quoted line break); its first line is right after the previous record and any blank lines.
    const line = previous.lines + 1 + (info.empty_lines - previous.empty_lines);
    previous = info;
    if (record.every((cell) => cell === "")) continue;
    if (record.length !== header.length) {
      errors.push({ line, column: "", reason: `has ${record.length} cells but the header has ${header.length}` });
      continue;
    }
    rows.push({
      line,
      cells: Object.fromEntries(header.map((name, index) => [name, restoreNeutralised(record[index] ?? "")])),
    });
  }
  return { rows, errors };
}

export interface CheckedRow<T> {
  line: number;
  value: T;
}

/** Checks every row's cells with the schema (empty cells count as missing); returns the good rows and every problem. */
export function checkRows<Schema extends z.ZodType>(
  rows: readonly CsvRow[],
  schema: Schema,
): { checked: CheckedRow<z.output<Schema>>[]; errors: RowError[] } {
  const checked: CheckedRow<z.output<Schema>>[] = [];
  const errors: RowError[] = [];
  for (const row of rows) {
    const cells = Object.fromEntries(
      Object.entries(row.cells).map(([name, value]) => [name, value === "" ? undefined : value]),
    );
    const result = schema.safeParse(cells, {
      error: (issue) => (issue.input === undefined ? "is required" : undefined),
    });
    if (result.success) checked.push({ line: row.line, value: result.data });
    else {
      for (const issue of result.error.issues) {
        errors.push({ line: row.line, column: String(issue.path[0] ?? ""), reason: issue.message });
      }
    }
  }
  return { checked, errors };
}

/** Cell types shared by the importers; each names its problem in words a spreadsheet user understands. */
export const cell = {
  text: (max: number) => z.string().max(max, `must be at most ${max} characters`),

  code: <const Codes extends readonly [string, ...string[]]>(codes: Codes) =>
    z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(z.enum(codes, { error: (issue) => `"${String(issue.input)}" is not one of: ${codes.join(", ")}` })),

  /** Codes separated by ";", e.g. "psychiatric; addiction". */
  codeList: <const Codes extends readonly [string, ...string[]]>(codes: Codes) =>
    listOf(
      z.enum(codes, { error: (issue) => `"${String(issue.input)}" is not one of: ${codes.join(", ")}` }),
      (value) => value.toLowerCase(),
    ),

  /** YYYY-MM-DD or dd/mm/yyyy, stored as YYYY-MM-DD. */
  date: () =>
    z.string().transform((value, context) => {
      const iso = parseItalianDate(value, null);
      if (iso) return iso;
      context.addIssue({ code: "custom", message: "must be a date YYYY-MM-DD or dd/mm/yyyy" });
      return z.NEVER;
    }),

  year: (min: number, max: number) =>
    z
      .string()
      .regex(/^\d{4}$/, `must be a year between ${min} and ${max}`)
      .transform(Number)
      .refine((year) => year >= min && year <= max, `must be a year between ${min} and ${max}`),

  telegramId: () =>
    z
      .string()
      .regex(/^\d{1,15}$/, "must be a Telegram user id (digits only)")
      .transform(Number),

  telegramIdList: () =>
    listOf(
      z
        .string()
        .regex(/^\d{1,15}$/, "must be Telegram user ids (digits) separated by ;")
        .transform(Number),
    ),

  sitePrefix: () =>
    z
      .string()
      .transform((value) => value.toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{2,5}$/, "must be a site code prefix such as BOL")),

  sitePrefixList: () =>
    listOf(z.string().regex(/^[A-Z]{2,5}$/, "must be site code prefixes such as BOL separated by ;"), (value) =>
      value.toUpperCase(),
    ),
};

function listOf<Item extends z.ZodType<unknown, string>>(
  item: Item,
  normalise: (value: string) => string = (value) => value,
) {
  return z
    .string()
    .transform((value) =>
      value
        .split(";")
        .map((part) => normalise(part.trim()))
        .filter((part) => part.length > 0),
    )
    .pipe(z.array(item));
}

/** Orders problems as they appear in the file, so the person fixing it can go top to bottom. */
function sortErrors(errors: RowError[]): RowError[] {
  return [...errors].sort((a, b) => a.line - b.line);
}

// Imports run while the bot may be serving: the transaction may take a while on a large file, never half-applies.
const IMPORT_TRANSACTION_TIMEOUT_MS = 10 * 60_000;

/**
 * The last step of every importer: with any error nothing is written; otherwise `write` runs in one transaction
 * together with the audit entry {kind, rows}.
 */
export async function writeAllOrNothing(
  deps: ServiceDeps,
  kind: string,
  rows: number,
  errors: RowError[],
  write: (tx: Transaction) => Promise<void>,
): Promise<ImportResult> {
  if (errors.length > 0) return { imported: 0, errors: sortErrors(errors) };
  await deps.db.$transaction(
    async (tx) => {
      await write(tx);
      await recordAudit(tx, deps.cipher, {
        actorId: null,
        action: "import",
        subjectType: "import",
        subjectId: kind,
        details: { kind, rows },
        at: deps.clock(),
      });
    },
    { timeout: IMPORT_TRANSACTION_TIMEOUT_MS, maxWait: 30_000 },
  );
  return { imported: rows, errors: [] };
}
