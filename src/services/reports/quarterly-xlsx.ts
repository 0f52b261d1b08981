// The funder's monitoring sheet as .xlsx: (1) per indicator and per scope (each site, then the programme) the target,
// the value in the period, the cumulative value since the programme started and the % of target; (2) the people
// reached broken down by sex, age band, legal status and site, and the first contact within 7 days of release; (3) internships and housing; (4) critical events per
// quarter, scope, kind and severity, and the self-destructive trend; (5) the definitions. Every text comes from `labels`
// (keys: quarterlyLabelKeys()), so the bot can pass its Fluent translations.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import type ExcelJS from "exceljs";
import {
  AGE_BANDS,
  OUTPUT_INDICATORS,
  type PeopleBreakdown,
  type SheetScope,
  TARGET_CODES,
} from "../../domain/output-indicators.ts";
import type { FirstContactFigures } from "../../domain/first-contact.ts";
import { REPORTED_STATUS_GROUPS } from "../../domain/legal-status.ts";
import { neutraliseFormula } from "../../domain/spreadsheet-cells.ts";
import { DEFAULT_TIME_ZONE } from "../../domain/weeks.ts";
import { bytesFromChildProcess, moduleBeside } from "../child-task.ts";

export interface QuarterlySheetMeta {
  programmeName: string;
  funder: string;
  /** "2026Q1", "2026" or "2026-01-01_2026-06-30". */
  periodKey: string;
  /** Human-readable period, e.g. "1 gennaio – 31 marzo 2026". */
  period: string;
  /** Human-readable span of the cumulative column, e.g. "1 ottobre 2025 – 31 marzo 2026". */
  cumulativePeriod: string;
  generatedAt: Date;
  /** Zone in which generatedAt is written; Europe/Rome by default. */
  timeZone?: string;
}

export interface BreakdownScope {
  name: string;
  breakdown: PeopleBreakdown;
  /** Site names by id, for the breakdown by site. */
  siteNames: Readonly<Record<number, string>>;
  /** People released in the period: first contact within 7 days, and those still without one. */
  firstContact: FirstContactFigures;
}

/** Row of the first table line under the two header rows (scope names, then target/actual/cumulative/%). */
export const TABLE_HEADER_ROW = 9;
/** Each scope takes four columns from this one: target, actual, cumulative, % of target. */
export const FIRST_VALUE_COLUMN = 3;
/** Written where a value has no meaning (no target to reach). */
export const NOT_APPLICABLE = "–";

const HEADER_LABEL_KEYS = [
  "quarterly-sheet-indicators",
  "quarterly-sheet-breakdowns",
  "quarterly-sheet-paths",
  "quarterly-sheet-events",
  "quarterly-sheet-definitions",
  "quarterly-title",
  "quarterly-programme",
  "quarterly-funder",
  "quarterly-period",
  "quarterly-cumulative-period",
  "quarterly-generated-at",
  "quarterly-column-number",
  "quarterly-column-code",
  "quarterly-column-indicator",
  "quarterly-column-formula",
  "quarterly-column-target",
  "quarterly-column-actual",
  "quarterly-column-cumulative",
  "quarterly-column-of-target",
  "quarterly-column-breakdown",
  "quarterly-column-value",
  "quarterly-breakdown-sex",
  "quarterly-breakdown-age",
  "quarterly-breakdown-status",
  "quarterly-breakdown-site",
  "quarterly-breakdown-first-contact",
  "quarterly-first-contact-measured",
  "quarterly-first-contact-within",
  "quarterly-first-contact-rate",
  "quarterly-first-contact-without",
] as const;
const VALUE_COLUMN_KEYS = [
  "quarterly-column-target",
  "quarterly-column-actual",
  "quarterly-column-cumulative",
  "quarterly-column-of-target",
] as const;
const SEXES = ["female", "male", "other", "unknown"] as const;
const HOURS_CODES: readonly string[] = OUTPUT_INDICATORS.filter((i) => i.unit === "hours").map((i) => i.code);

/** Every label the workbook needs. */
export function quarterlyLabelKeys(): string[] {
  return [
    ...HEADER_LABEL_KEYS,
    ...TARGET_CODES.flatMap((code) => [`quarterly-indicator-${code}`, `quarterly-formula-${code}`]),
    ...SEXES.map((sex) => `quarterly-sex-${sex}`),
    ...AGE_BANDS.map((band) => `quarterly-age-${band}`),
    ...REPORTED_STATUS_GROUPS.map((group) => `quarterly-status-${group}`),
  ];
}

/** A line of the third tab, already in words: a label and one value per scope (null: not applicable). */
export interface PathLine {
  label: string;
  values: (number | null)[];
  /** Excel number format: "0", "0.00" or "0.0%". */
  format: string;
}

/** The critical-events tab, already in words: a table with its header, then the trend with its title and header. */
export interface EventTable {
  header: string[];
  /** Quarter, scope, kind; events of severity 1–4 and in all; people followed (null on a kind's row); per 100. */
  rows: (string | number | null)[][];
  trendTitle: string;
  trendHeader: string[];
  /** Quarter, scope, self-destructive events, people followed, per 100 (null: nobody followed). */
  trend: (string | number | null)[][];
}

export interface QuarterlyWorkbookJob {
  scopes: SheetScope[];
  breakdowns: BreakdownScope[];
  /** Internships, housing and critical events of the period: scope names and lines. */
  paths: { scopeNames: string[]; lines: PathLine[] };
  events: EventTable;
  meta: QuarterlySheetMeta;
  labels: Readonly<Record<string, string>>;
}

/** The workbook as .xlsx bytes, written in a child process that exits when done: exceljs and its dozens of modules
 * never stay in the bot's memory. */
export async function buildQuarterlyWorkbook(job: QuarterlyWorkbookJob): Promise<Buffer> {
  const missing = quarterlyLabelKeys().filter((key) => job.labels[key] === undefined);
  if (missing.length > 0) throw new Error(`Missing quarterly sheet labels: ${missing.join(", ")}`);
  return bytesFromChildProcess(moduleBeside(import.meta.url, "quarterly-xlsx-worker"), job);
}

/** Runs in the child process (quarterly-xlsx-worker.ts). */
export async function writeQuarterlyWorkbook({
  scopes,
  breakdowns,
  paths,
  events,
  meta,
  labels,
}: QuarterlyWorkbookJob): Promise<Buffer> {
  const label = (key: string) => labels[key] as string;
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  workbook.created = meta.generatedAt;
  addIndicatorSheet(workbook, scopes, meta, label);
  addBreakdownSheet(workbook, breakdowns, label);
  addPathSheet(workbook, paths, label);
  addEventSheet(workbook, events, label);
  addDefinitionSheet(workbook, label);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addIndicatorSheet(
  workbook: ExcelJS.Workbook,
  scopes: readonly SheetScope[],
  meta: QuarterlySheetMeta,
  label: (key: string) => string,
): void {
  const sheet = workbook.addWorksheet(label("quarterly-sheet-indicators"), {
    views: [{ state: "frozen", xSplit: 2, ySplit: TABLE_HEADER_ROW }],
  });
  const generatedAt = format(
    new TZDate(meta.generatedAt.getTime(), meta.timeZone ?? DEFAULT_TIME_ZONE),
    "yyyy-MM-dd HH:mm",
  );
  sheet.getCell("A1").value = label("quarterly-title");
  sheet.getCell("A1").font = { bold: true, size: 14 };
  const header: [string, string][] = [
    ["quarterly-programme", meta.programmeName],
    ["quarterly-funder", meta.funder],
    ["quarterly-period", meta.period],
    ["quarterly-cumulative-period", meta.cumulativePeriod],
    ["quarterly-generated-at", generatedAt],
  ];
  header.forEach(([key, value], index) => {
    const row = sheet.getRow(2 + index);
    row.values = [label(key), neutraliseFormula(value)];
    row.getCell(1).font = { bold: true };
  });

  const scopeRow = sheet.getRow(TABLE_HEADER_ROW - 1);
  const columnRow = sheet.getRow(TABLE_HEADER_ROW);
  columnRow.values = [label("quarterly-column-number"), label("quarterly-column-indicator")];
  scopes.forEach((scope, index) => {
    const first = FIRST_VALUE_COLUMN + 4 * index;
    sheet.mergeCells(TABLE_HEADER_ROW - 1, first, TABLE_HEADER_ROW - 1, first + 3);
    scopeRow.getCell(first).value = neutraliseFormula(scope.name);
    scopeRow.getCell(first).alignment = { horizontal: "center" };
    VALUE_COLUMN_KEYS.forEach((key, offset) => {
      columnRow.getCell(first + offset).value = label(key);
    });
  });
  scopeRow.font = { bold: true };
  columnRow.font = { bold: true };

  TARGET_CODES.forEach((code, line) => {
    const row = sheet.getRow(TABLE_HEADER_ROW + 1 + line);
    row.getCell(1).value = line < OUTPUT_INDICATORS.length ? line + 1 : NOT_APPLICABLE;
    row.getCell(2).value = label(`quarterly-indicator-${code}`);
    const numberFormat = HOURS_CODES.includes(code) ? "0.00" : "0";
    scopes.forEach((scope, index) => {
      const values = scope.lines[line];
      if (!values) return;
      const first = FIRST_VALUE_COLUMN + 4 * index;
      const cells: [number | string, string][] = [
        [values.target ?? NOT_APPLICABLE, numberFormat],
        [values.actual, numberFormat],
        [values.cumulative, numberFormat],
        [values.ofTarget ?? NOT_APPLICABLE, "0.0%"],
      ];
      cells.forEach(([value, cellFormat], offset) => {
        const cell = row.getCell(first + offset);
        cell.value = value;
        cell.numFmt = cellFormat;
      });
    });
  });
  sheet.getColumn(1).width = 6;
  sheet.getColumn(2).width = 64;
  for (let column = FIRST_VALUE_COLUMN; column < FIRST_VALUE_COLUMN + 4 * scopes.length; column += 1) {
    sheet.getColumn(column).width = 12;
  }
}

function addBreakdownSheet(
  workbook: ExcelJS.Workbook,
  scopes: readonly BreakdownScope[],
  label: (key: string) => string,
): void {
  const sheet = workbook.addWorksheet(label("quarterly-sheet-breakdowns"), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow([
    label("quarterly-column-breakdown"),
    label("quarterly-column-value"),
    ...scopes.map((s) => neutraliseFormula(s.name)),
  ]);
  sheet.getRow(1).font = { bold: true };
  const siteIds = [...new Set(scopes.flatMap((scope) => Object.keys(scope.siteNames).map(Number)))];
  const siteNames = Object.assign({}, ...scopes.map((scope) => scope.siteNames)) as Record<number, string>;
  const section = (key: string, entries: [string, (b: PeopleBreakdown) => number][]) => {
    for (const [valueLabel, count] of entries)
      sheet.addRow([label(key), valueLabel, ...scopes.map((s) => count(s.breakdown))]);
  };
  section(
    "quarterly-breakdown-sex",
    SEXES.map((sex) => [label(`quarterly-sex-${sex}`), (b) => b.bySex[sex] ?? 0]),
  );
  section(
    "quarterly-breakdown-age",
    AGE_BANDS.map((band) => [label(`quarterly-age-${band}`), (b) => b.byAgeBand[band]]),
  );
  section(
    "quarterly-breakdown-status",
    REPORTED_STATUS_GROUPS.map((group) => [label(`quarterly-status-${group}`), (b) => b.byLegalStatus[group] ?? 0]),
  );
  section(
    "quarterly-breakdown-site",
    siteIds.map((id) => [neutraliseFormula(siteNames[id] ?? String(id)), (b) => b.bySite[id] ?? 0]),
  );
  const firstContactRow = (key: string, value: (figures: FirstContactFigures) => number | string) =>
    sheet.addRow([label("quarterly-breakdown-first-contact"), label(key), ...scopes.map((s) => value(s.firstContact))]);
  firstContactRow("quarterly-first-contact-measured", (figures) => figures.measured);
  firstContactRow("quarterly-first-contact-within", (figures) => figures.within);
  firstContactRow("quarterly-first-contact-rate", (figures) => figures.rate ?? NOT_APPLICABLE).eachCell((cell) => {
    if (typeof cell.value === "number") cell.numFmt = "0.0%";
  });
  firstContactRow("quarterly-first-contact-without", (figures) => figures.withoutContact.length);
  sheet.getColumn(1).width = 24;
  sheet.getColumn(2).width = 36;
}

function addPathSheet(
  workbook: ExcelJS.Workbook,
  paths: QuarterlyWorkbookJob["paths"],
  label: (key: string) => string,
): void {
  const sheet = workbook.addWorksheet(label("quarterly-sheet-paths"), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow([label("quarterly-column-value"), ...paths.scopeNames.map(neutraliseFormula)]);
  sheet.getRow(1).font = { bold: true };
  for (const line of paths.lines) {
    const row = sheet.addRow([line.label, ...line.values.map((value) => value ?? NOT_APPLICABLE)]);
    line.values.forEach((_, index) => {
      row.getCell(2 + index).numFmt = line.format;
    });
  }
  sheet.getColumn(1).width = 56;
}

function addEventSheet(workbook: ExcelJS.Workbook, events: EventTable, label: (key: string) => string): void {
  const sheet = workbook.addWorksheet(label("quarterly-sheet-events"), { views: [{ state: "frozen", ySplit: 1 }] });
  const table = (header: string[], rows: EventTable["rows"]) => {
    sheet.addRow(header).font = { bold: true };
    for (const values of rows) {
      const row = sheet.addRow(
        values.map((value) =>
          value === null ? NOT_APPLICABLE : typeof value === "string" ? neutraliseFormula(value) : value,
        ),
      );
      row.getCell(values.length).numFmt = "0.00";
    }
  };
  table(events.header, events.rows);
  sheet.addRow([]);
  sheet.addRow([events.trendTitle]).font = { bold: true };
  table(events.trendHeader, events.trend);
  sheet.getColumn(1).width = 24;
  sheet.getColumn(2).width = 28;
  sheet.getColumn(3).width = 40;
}

function addDefinitionSheet(workbook: ExcelJS.Workbook, label: (key: string) => string): void {
  const sheet = workbook.addWorksheet(label("quarterly-sheet-definitions"), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = [
    { header: label("quarterly-column-number"), width: 6 },
    { header: label("quarterly-column-code"), width: 36 },
    { header: label("quarterly-column-indicator"), width: 56 },
    { header: label("quarterly-column-formula"), width: 100 },
  ];
  sheet.getRow(1).font = { bold: true };
  TARGET_CODES.forEach((code, index) => {
    const row = sheet.addRow([
      index < OUTPUT_INDICATORS.length ? index + 1 : NOT_APPLICABLE,
      code,
      label(`quarterly-indicator-${code}`),
      label(`quarterly-formula-${code}`),
    ]);
    row.alignment = { wrapText: true, vertical: "top" };
  });
}
