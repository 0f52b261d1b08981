// The job-placement funnel as .xlsx: one row per year and the total, written in a child process like the sheet.
import type { FunnelRow } from "../../domain/job-funnel.ts";
import { neutraliseFormula } from "../../domain/spreadsheet-cells.ts";
import { bytesFromChildProcess, moduleBeside } from "../child-task.ts";

/** The columns of the CSV and the workbook, in the team's order. */
export const FUNNEL_COLUMNS = [
  "label",
  "referrals",
  "referralsFromPrison",
  "referralsFromServices",
  "intakes",
  "internshipsStarted",
  "internshipStarters",
  "hiredAfterInternship",
  "hireRate",
  "hiredByHost",
  "hiredElsewhere",
] as const;

const COLUMN_LABEL_KEYS: Record<(typeof FUNNEL_COLUMNS)[number], string> = {
  label: "funnel-column-year",
  referrals: "funnel-column-referrals",
  referralsFromPrison: "funnel-column-from-prison",
  referralsFromServices: "funnel-column-from-services",
  intakes: "funnel-column-intakes",
  internshipsStarted: "funnel-column-internships",
  internshipStarters: "funnel-column-starters",
  hiredAfterInternship: "funnel-column-hired",
  hireRate: "funnel-column-rate",
  hiredByHost: "funnel-column-by-host",
  hiredElsewhere: "funnel-column-elsewhere",
};

export function funnelLabelKeys(): string[] {
  return ["funnel-sheet", "funnel-title", ...Object.values(COLUMN_LABEL_KEYS)];
}

export interface FunnelWorkbookJob {
  rows: FunnelRow[];
  labels: Readonly<Record<string, string>>;
  programmeName: string;
  generatedAt: Date;
}

export async function buildFunnelWorkbook(job: FunnelWorkbookJob): Promise<Buffer> {
  return bytesFromChildProcess(moduleBeside(import.meta.url, "funnel-xlsx-worker"), job);
}

/** Title in A1, programme in A2, the column headers in row 4, then one row per year and the total. */
export async function writeFunnelWorkbook({
  rows,
  labels,
  programmeName,
  generatedAt,
}: FunnelWorkbookJob): Promise<Buffer> {
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  workbook.created = generatedAt;
  const sheet = workbook.addWorksheet(labels["funnel-sheet"] ?? "Funnel", {
    views: [{ state: "frozen", ySplit: 4 }],
  });
  sheet.getCell("A1").value = labels["funnel-title"] ?? "";
  sheet.getCell("A1").font = { bold: true, size: 14 };
  sheet.getCell("A2").value = neutraliseFormula(programmeName);
  const header = sheet.getRow(4);
  header.values = FUNNEL_COLUMNS.map((column) => labels[COLUMN_LABEL_KEYS[column]] ?? column);
  header.font = { bold: true };
  rows.forEach((row, index) => {
    const line = sheet.getRow(5 + index);
    line.values = FUNNEL_COLUMNS.map((column) => (column === "hireRate" ? (row.hireRate ?? "–") : row[column]));
    line.getCell(FUNNEL_COLUMNS.indexOf("hireRate") + 1).numFmt = "0.00%";
    if (index === rows.length - 1) line.font = { bold: true };
  });
  FUNNEL_COLUMNS.forEach((_, index) => {
    sheet.getColumn(index + 1).width = index === 0 ? 10 : 18;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
