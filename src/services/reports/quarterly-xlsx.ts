// The quarterly monitoring sheet as .xlsx: indicators per site and in total, then a sheet of definitions.
// Every text comes from `labels` (keys: quarterlyLabelKeys()), so the bot can pass its Fluent translations.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type ExcelJS from "exceljs";
import { QUARTERLY_CATEGORIES, QUARTERLY_INDICATORS } from "../../domain/quarterly.ts";
import type { IndicatorUnit, IndicatorValues, QuarterlyResult } from "../../domain/quarterly.ts";
import { neutraliseFormula } from "../../domain/spreadsheet-cells.ts";
import { DEFAULT_TIME_ZONE } from "../../domain/weeks.ts";
import { moduleBeside, runInWorker } from "./worker.ts";

export interface QuarterlySheetMeta {
  programmeName: string;
  funder: string;
  quarterKey: string;
  /** Human-readable period, e.g. "1 gennaio – 31 marzo 2026". */
  period: string;
  generatedAt: Date;
  /** Zone in which generatedAt is written; Europe/Rome by default. */
  timeZone?: string;
}

/** First row of the indicator table (rows above hold the header block). */
export const TABLE_HEADER_ROW = 8;
/** Written where a value has no denominator (a ratio over zero records). */
export const NOT_APPLICABLE = "–";

const HEADER_LABEL_KEYS = [
  "quarterly-sheet-indicators",
  "quarterly-sheet-definitions",
  "quarterly-title",
  "quarterly-programme",
  "quarterly-funder",
  "quarterly-quarter",
  "quarterly-period",
  "quarterly-generated-at",
  "quarterly-column-code",
  "quarterly-column-indicator",
  "quarterly-column-category",
  "quarterly-column-formula",
  "quarterly-column-total",
] as const;

const NUMBER_FORMATS: Record<IndicatorUnit, string> = { count: "0", hours: "0.00", ratio: "0.0%" };

/** Every label the workbook needs: sheet and column titles, category names, indicator names and formulas. */
export function quarterlyLabelKeys(): string[] {
  return [
    ...HEADER_LABEL_KEYS,
    ...QUARTERLY_CATEGORIES.map((category) => `quarterly-category-${category}`),
    ...QUARTERLY_INDICATORS.flatMap(({ code }) => [`quarterly-indicator-${code}`, `quarterly-formula-${code}`]),
  ];
}

/** The workbook as .xlsx bytes, written in a worker thread that exits when done: exceljs and its dozens of modules
 * never stay in the bot's memory. */
export async function buildQuarterlyWorkbook(
  result: QuarterlyResult,
  meta: QuarterlySheetMeta,
  labels: Readonly<Record<string, string>>,
): Promise<Buffer> {
  const missing = quarterlyLabelKeys().filter((key) => labels[key] === undefined);
  if (missing.length > 0) throw new Error(`Missing quarterly sheet labels: ${missing.join(", ")}`);
  const job: QuarterlyWorkbookJob = { result, meta, labels };
  return runInWorker(moduleBeside(import.meta.url, "quarterly-xlsx-worker"), job);
}

export interface QuarterlyWorkbookJob {
  result: QuarterlyResult;
  meta: QuarterlySheetMeta;
  labels: Readonly<Record<string, string>>;
}

/** Runs in the worker (quarterly-xlsx-worker.ts). */
export async function writeQuarterlyWorkbook({ result, meta, labels }: QuarterlyWorkbookJob): Promise<Buffer> {
  const label = (key: string) => labels[key] as string;
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  workbook.created = meta.generatedAt;
  addIndicatorSheet(workbook, result, meta, label);
  addDefinitionSheet(workbook, label);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addIndicatorSheet(
  workbook: ExcelJS.Workbook,
  result: QuarterlyResult,
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
    ["quarterly-quarter", meta.quarterKey],
    ["quarterly-period", meta.period],
    ["quarterly-generated-at", generatedAt],
  ];
  header.forEach(([key, value], index) => {
    const row = sheet.getRow(2 + index);
    row.values = [label(key), neutraliseFormula(value)];
    row.getCell(1).font = { bold: true };
  });

  const columns: { name: string; values: IndicatorValues }[] = [
    ...result.sites.map((site) => ({ name: neutraliseFormula(site.siteName), values: site.values })),
    { name: label("quarterly-column-total"), values: result.total },
  ];
  const headerRow = sheet.getRow(TABLE_HEADER_ROW);
  headerRow.values = [
    label("quarterly-column-code"),
    label("quarterly-column-indicator"),
    ...columns.map((c) => c.name),
  ];
  headerRow.font = { bold: true };

  let rowNumber = TABLE_HEADER_ROW;
  for (const category of QUARTERLY_CATEGORIES) {
    rowNumber += 1;
    sheet.mergeCells(rowNumber, 1, rowNumber, 2 + columns.length);
    const categoryCell = sheet.getCell(rowNumber, 1);
    categoryCell.value = label(`quarterly-category-${category}`);
    categoryCell.font = { bold: true };
    categoryCell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
    for (const indicator of QUARTERLY_INDICATORS.filter((i) => i.category === category)) {
      rowNumber += 1;
      const row = sheet.getRow(rowNumber);
      row.values = [
        indicator.code,
        label(`quarterly-indicator-${indicator.code}`),
        ...columns.map((c) => c.values[indicator.code] ?? NOT_APPLICABLE),
      ];
      columns.forEach((_, index) => {
        row.getCell(3 + index).numFmt = NUMBER_FORMATS[indicator.unit];
      });
    }
  }
  sheet.getColumn(1).width = 36;
  sheet.getColumn(2).width = 60;
  columns.forEach((_, index) => {
    sheet.getColumn(3 + index).width = 18;
  });
}

function addDefinitionSheet(workbook: ExcelJS.Workbook, label: (key: string) => string): void {
  const sheet = workbook.addWorksheet(label("quarterly-sheet-definitions"), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = [
    { header: label("quarterly-column-code"), width: 36 },
    { header: label("quarterly-column-category"), width: 32 },
    { header: label("quarterly-column-indicator"), width: 48 },
    { header: label("quarterly-column-formula"), width: 100 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const indicator of QUARTERLY_INDICATORS) {
    const row = sheet.addRow([
      indicator.code,
      label(`quarterly-category-${indicator.category}`),
      label(`quarterly-indicator-${indicator.code}`),
      label(`quarterly-formula-${indicator.code}`),
    ]);
    row.alignment = { wrapText: true, vertical: "top" };
  }
}
