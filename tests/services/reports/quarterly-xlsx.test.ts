// The sheet's layout, from made-up lines: four columns per scope under its merged name, the funder's numbering, number
// formats that show hours with decimals and % of target as a percentage, "–" where there is no target.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { AGE_BANDS, type SheetScope, TARGET_CODES } from "../../../src/domain/output-indicators.ts";
import {
  type BreakdownScope,
  buildQuarterlyWorkbook,
  FIRST_VALUE_COLUMN,
  NOT_APPLICABLE,
  quarterlyLabelKeys,
  TABLE_HEADER_ROW,
} from "../../../src/services/reports/quarterly-xlsx.ts";

/** The n-th line gets target 100·n (none for odd n), actual n·scale, cumulative 2·n·scale. */
function scope(name: string, siteId: number | null, scale: number): SheetScope {
  return {
    siteId,
    name,
    lines: TARGET_CODES.map((code, index) => {
      const target = index % 2 === 0 ? 100 * (index + 1) : null;
      const cumulative = 2 * (index + 1) * scale;
      return { code, target, actual: (index + 1) * scale, cumulative, ofTarget: target ? cumulative / target : null };
    }),
  };
}

const breakdown: BreakdownScope = {
  name: "Totale",
  breakdown: {
    bySex: { female: 3, male: 7 },
    byAgeBand: {
      ...Object.fromEntries(AGE_BANDS.map((band) => [band, 0])),
      "26_35": 10,
    } as BreakdownScope["breakdown"]["byAgeBand"],
    byLegalStatus: { detained: 6, external: 5 },
    bySite: { 1: 10 },
  },
  siteNames: { 1: "CR Bollate" },
  firstContact: {
    measured: 4,
    within: 3,
    rate: 0.75,
    withoutContact: [{ personId: 9, releaseOn: "2026-03-30", daysSince: 3, overdue: false }],
  },
};

const noEvents = { header: [], rows: [], trendTitle: "", trendHeader: [], trend: [] };
const labels = Object.fromEntries(quarterlyLabelKeys().map((key) => [key, `«${key}»`]));
const meta = {
  programmeName: "Spazio Zero",
  funder: "Cassa delle Ammende – Regione Lombardia",
  periodKey: "2026Q1",
  period: "1 gennaio – 31 marzo 2026",
  cumulativePeriod: "1 novembre 2025 – 31 marzo 2026",
  generatedAt: new Date("2026-04-02T07:15:00Z"),
};

async function openBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe("buildQuarterlyWorkbook", () => {
  it("lays out target, actual, cumulative and % of target under each scope, lines in the funder's order", async () => {
    const workbook = await openBack(
      await buildQuarterlyWorkbook({
        scopes: [scope("CR Bollate", 1, 1), scope("«quarterly-column-total»", null, 10)],
        breakdowns: [breakdown],
        paths: {
          scopeNames: ["CR Bollate", "Totale"],
          lines: [{ label: "Tasso di occupazione", values: [0.5, null], format: "0.0%" }],
        },
        events: {
          header: ["Trimestre", "Sede", "Tipo", "G1", "G2", "G3", "G4", "Totale", "Seguite", "Ogni 100"],
          rows: [["2026Q1", "CR Bollate", "Autolesionismo", 0, 1, 0, 0, 1, null, 1 / 3]],
          trendTitle: "Eventi autolesivi",
          trendHeader: ["Trimestre", "Sede", "Eventi", "Seguite", "Ogni 100"],
          trend: [["2025Q2", "CR Bollate", 0, 0, null]],
        },
        meta,
        labels,
      }),
    );
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      "«quarterly-sheet-indicators»",
      "«quarterly-sheet-breakdowns»",
      "«quarterly-sheet-paths»",
      "«quarterly-sheet-events»",
      "«quarterly-sheet-definitions»",
    ]);
    const events = workbook.worksheets[3] as ExcelJS.Worksheet;
    expect(events.getRow(2).values).toEqual([
      undefined,
      "2026Q1",
      "CR Bollate",
      "Autolesionismo",
      0,
      1,
      0,
      0,
      1,
      NOT_APPLICABLE,
      1 / 3,
    ]);
    expect(events.getCell(2, 10).numFmt).toBe("0.00");
    expect([events.getCell(4, 1).value, events.getCell(5, 3).value]).toEqual(["Eventi autolesivi", "Eventi"]);
    expect(events.getRow(6).values).toEqual([undefined, "2025Q2", "CR Bollate", 0, 0, NOT_APPLICABLE]);
    const paths = workbook.worksheets[2] as ExcelJS.Worksheet;
    expect(paths.getRow(2).values).toEqual([undefined, "Tasso di occupazione", 0.5, NOT_APPLICABLE]);
    expect(paths.getCell(2, 2).numFmt).toBe("0.0%");
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getCell(TABLE_HEADER_ROW - 1, FIRST_VALUE_COLUMN).value).toBe("CR Bollate");
    expect(sheet.getCell(TABLE_HEADER_ROW - 1, FIRST_VALUE_COLUMN + 3).isMerged).toBe(true);
    expect(sheet.getCell(TABLE_HEADER_ROW - 1, FIRST_VALUE_COLUMN + 4).value).toBe("«quarterly-column-total»");
    const first = sheet.getRow(TABLE_HEADER_ROW + 1);
    expect(first.values).toEqual([
      undefined,
      1,
      "«quarterly-indicator-day_centre_workshops»",
      100,
      1,
      2,
      0.02,
      100,
      10,
      20,
      0.2,
    ]);
    const hours = sheet.getRow(TABLE_HEADER_ROW + 3);
    expect([hours.getCell(2).value, hours.getCell(4).value, hours.getCell(4).numFmt]).toEqual([
      "«quarterly-indicator-day_centre_opening_hours»",
      3,
      "0.00",
    ]);
    expect(hours.getCell(6).numFmt).toBe("0.0%");
    const second = sheet.getRow(TABLE_HEADER_ROW + 2);
    expect([second.getCell(3).value, second.getCell(6).value]).toEqual([NOT_APPLICABLE, NOT_APPLICABLE]);
    const peopleReached = sheet.getRow(TABLE_HEADER_ROW + TARGET_CODES.length);
    expect([peopleReached.getCell(1).value, peopleReached.getCell(2).value]).toEqual([
      NOT_APPLICABLE,
      "«quarterly-indicator-people_reached»",
    ]);
    const breakdowns = workbook.worksheets[1] as ExcelJS.Worksheet;
    expect(breakdowns.getRow(1).values).toEqual([
      undefined,
      "«quarterly-column-breakdown»",
      "«quarterly-column-value»",
      "Totale",
    ]);
    expect(breakdowns.getRow(3).values).toEqual([undefined, "«quarterly-breakdown-sex»", "«quarterly-sex-male»", 7]);
    const lastRows = (first: number) =>
      Array.from({ length: breakdowns.rowCount - first + 1 }, (_, index) =>
        (breakdowns.getRow(first + index).values as unknown[]).slice(1),
      );
    expect(lastRows(breakdowns.rowCount - 4)).toEqual([
      ["«quarterly-breakdown-site»", "CR Bollate", 10],
      ["«quarterly-breakdown-first-contact»", "«quarterly-first-contact-measured»", 4],
      ["«quarterly-breakdown-first-contact»", "«quarterly-first-contact-within»", 3],
      ["«quarterly-breakdown-first-contact»", "«quarterly-first-contact-rate»", 0.75],
      ["«quarterly-breakdown-first-contact»", "«quarterly-first-contact-without»", 1],
    ]);
    expect(breakdowns.getRow(breakdowns.rowCount - 1).getCell(3).numFmt).toBe("0.0%");
  });

  it("refuses to write a sheet with a label missing", async () => {
    const { "quarterly-column-target": _missing, ...incomplete } = labels;
    await expect(
      buildQuarterlyWorkbook({
        scopes: [],
        breakdowns: [],
        paths: { scopeNames: [], lines: [] },
        events: noEvents,
        meta,
        labels: incomplete,
      }),
    ).rejects.toThrow("quarterly-column-target");
  });

  it("writes names that look like formulas as plain text (OWASP CSV injection)", async () => {
    const workbook = await openBack(
      await buildQuarterlyWorkbook({
        scopes: [scope("=cmd|' /C calc'!A0", 1, 1)],
        breakdowns: [{ ...breakdown, name: "-1+1", siteNames: { 1: "@evil" } }],
        paths: { scopeNames: ["+SUM(1,1)"], lines: [] },
        events: { ...noEvents, rows: [["2026Q1", "=HYPERLINK(1)", "x", 0, 0, 0, 0, 0, 0, null]] },
        meta: { ...meta, programmeName: "+SUM(1,1)", funder: "@evil" },
        labels,
      }),
    );
    const [indicators, breakdowns, paths] = workbook.worksheets as ExcelJS.Worksheet[];
    expect([
      indicators?.getCell("B2").value,
      indicators?.getCell("B3").value,
      indicators?.getCell(TABLE_HEADER_ROW - 1, FIRST_VALUE_COLUMN).value,
      breakdowns?.getCell(1, 3).value,
      // The site row comes before the four first-contact rows.
      breakdowns?.getCell(breakdowns.rowCount - 4, 2).value,
      paths?.getCell(1, 2).value,
      workbook.worksheets[3]?.getCell(2, 2).value,
    ]).toEqual(["'+SUM(1,1)", "'@evil", "'=cmd|' /C calc'!A0", "'-1+1", "'@evil", "'+SUM(1,1)", "'=HYPERLINK(1)"]);
  });
});
