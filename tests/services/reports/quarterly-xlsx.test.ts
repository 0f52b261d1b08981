import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { QUARTERLY_INDICATORS } from "../../../src/domain/quarterly.ts";
import type { IndicatorValues, QuarterlyResult } from "../../../src/domain/quarterly.ts";
import {
  buildQuarterlyWorkbook,
  NOT_APPLICABLE,
  quarterlyLabelKeys,
} from "../../../src/services/reports/quarterly-xlsx.ts";

/** Distinct, recognisable values: the n-th indicator gets n × scale; hours and ratios get fixed fractions. */
function values(scale: number, ratio: number | null): IndicatorValues {
  return Object.fromEntries(
    QUARTERLY_INDICATORS.map((indicator, index) => {
      if (indicator.unit === "ratio") return [indicator.code, ratio];
      if (indicator.unit === "hours") return [indicator.code, 9.75 * scale];
      return [indicator.code, (index + 1) * scale];
    }),
  ) as IndicatorValues;
}

const result: QuarterlyResult = {
  quarterKey: "2026Q1",
  startsOn: "2026-01-01",
  endsOn: "2026-03-31",
  sites: [
    { siteId: 1, siteName: "CR Bollate", values: values(1, 0.25) },
    { siteId: 2, siteName: "Milano Lavoro", values: values(10, null) },
  ],
  total: values(100, 0.5),
};

const labels: Record<string, string> = {
  ...Object.fromEntries(quarterlyLabelKeys().map((key) => [key, `«${key}»`])),
  "quarterly-sheet-indicators": "Indicatori",
  "quarterly-sheet-definitions": "Definizioni",
  "quarterly-title": "Scheda di monitoraggio trimestrale",
  "quarterly-programme": "Progetto",
  "quarterly-funder": "Finanziatore",
  "quarterly-quarter": "Trimestre",
  "quarterly-period": "Periodo",
  "quarterly-generated-at": "Generata il",
  "quarterly-column-code": "Codice",
  "quarterly-column-indicator": "Indicatore",
  "quarterly-column-category": "Macro-categoria",
  "quarterly-column-formula": "Formula",
  "quarterly-column-total": "Totale",
  "quarterly-category-participants_reached": "Partecipanti intercettati",
  "quarterly-indicator-detained_participants_with_fragility": "Detenuti partecipanti con situazioni di fragilità",
};

const meta = {
  programmeName: "Spazio Zero",
  funder: "Cassa delle Ammende – Regione Lombardia",
  quarterKey: "2026Q1",
  period: "1 gennaio – 31 marzo 2026",
  generatedAt: new Date("2026-04-02T07:15:00Z"),
};

async function openBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe("buildQuarterlyWorkbook", () => {
  it("writes an indicator sheet and a definitions sheet", async () => {
    const workbook = await openBack(await buildQuarterlyWorkbook(result, meta, labels));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Indicatori", "Definizioni"]);
  });

  it("writes the header block with programme, funder, quarter, period and the Rome time of generation", async () => {
    const sheet = (await openBack(await buildQuarterlyWorkbook(result, meta, labels))).getWorksheet("Indicatori");
    expect(sheet?.getCell("A1").value).toBe("Scheda di monitoraggio trimestrale");
    const header = [2, 3, 4, 5, 6].map((row) => [sheet?.getCell(row, 1).value, sheet?.getCell(row, 2).value]);
    expect(header).toEqual([
      ["Progetto", "Spazio Zero"],
      ["Finanziatore", "Cassa delle Ammende – Regione Lombardia"],
      ["Trimestre", "2026Q1"],
      ["Periodo", "1 gennaio – 31 marzo 2026"],
      ["Generata il", "2026-04-02 09:15"], // 07:15 UTC is 09:15 in Rome (summer time)
    ]);
    expect(sheet?.getRow(8).values).toEqual([
      undefined,
      "Codice",
      "Indicatore",
      "CR Bollate",
      "Milano Lavoro",
      "Totale",
    ]);
  });

  it("groups indicator rows under their category rows, one column per site and the total", async () => {
    const sheet = (await openBack(await buildQuarterlyWorkbook(result, meta, labels))).getWorksheet("Indicatori");
    if (!sheet) throw new Error("indicator sheet missing");
    // Layout: 9 category, 10–14 participants (5), 15 category, 16–22 interventions (7),
    // 23 category, 24–25 community resources (2), 26 category, 27–33 job mediation (7).
    const categoryRows = {
      9: "participants_reached",
      15: "interventions_delivered",
      23: "community_resources_activated",
      26: "job_mediation",
    };
    for (const [row, category] of Object.entries(categoryRows)) {
      expect(sheet.getCell(Number(row), 1).value).toBe(labels[`quarterly-category-${category}`]);
      expect(sheet.getCell(Number(row), 5).isMerged).toBe(true);
    }
    expect(sheet.getCell("A9").value).toBe("Partecipanti intercettati");
    expect(sheet.getRow(10).values).toEqual([
      undefined,
      "detained_participants_with_fragility",
      "Detenuti partecipanti con situazioni di fragilità",
      1,
      10,
      100,
    ]);
    expect(sheet.getCell("A16").value).toBe("day_centre_workshops_active");
    expect(sheet.getCell("A33").value).toBe("hire_rate_after_internship");
    expect(sheet.rowCount).toBe(33);

    const indicatorRows = [10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 24, 25, 27, 28, 29, 30, 31, 32, 33];
    QUARTERLY_INDICATORS.forEach((indicator, index) => {
      const row = indicatorRows[index] as number;
      expect(sheet.getCell(row, 1).value).toBe(indicator.code);
      expect(sheet.getCell(row, 2).value).toBe(labels[`quarterly-indicator-${indicator.code}`]);
      const expectedCells =
        indicator.unit === "ratio"
          ? [0.25, NOT_APPLICABLE, 0.5]
          : indicator.unit === "hours"
            ? [9.75, 97.5, 975]
            : [index + 1, (index + 1) * 10, (index + 1) * 100];
      expect([3, 4, 5].map((column) => sheet.getCell(row, column).value)).toEqual(expectedCells);
      const expectedFormat = { count: "0", hours: "0.00", ratio: "0.0%" }[indicator.unit];
      expect(sheet.getCell(row, 3).numFmt).toBe(expectedFormat);
      expect(sheet.getCell(row, 5).numFmt).toBe(expectedFormat);
    });
  });

  it("defines every indicator with its category, name and formula", async () => {
    const sheet = (await openBack(await buildQuarterlyWorkbook(result, meta, labels))).getWorksheet("Definizioni");
    if (!sheet) throw new Error("definitions sheet missing");
    expect(sheet.getRow(1).values).toEqual([undefined, "Codice", "Macro-categoria", "Indicatore", "Formula"]);
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      "detained_participants_with_fragility",
      "Partecipanti intercettati",
      "Detenuti partecipanti con situazioni di fragilità",
      "«quarterly-formula-detained_participants_with_fragility»",
    ]);
    QUARTERLY_INDICATORS.forEach((indicator, index) => {
      expect(sheet.getRow(2 + index).values).toEqual([
        undefined,
        indicator.code,
        labels[`quarterly-category-${indicator.category}`],
        labels[`quarterly-indicator-${indicator.code}`],
        labels[`quarterly-formula-${indicator.code}`],
      ]);
    });
    expect(sheet.rowCount).toBe(1 + QUARTERLY_INDICATORS.length);
  });

  it("refuses to build a sheet with missing labels, naming them", async () => {
    const { "quarterly-column-total": _total, "quarterly-formula-job_referrals": _formula, ...incomplete } = labels;
    await expect(buildQuarterlyWorkbook(result, meta, incomplete)).rejects.toThrow(
      "Missing quarterly sheet labels: quarterly-column-total, quarterly-formula-job_referrals",
    );
  });

  it("asks for a name and a formula for every indicator", () => {
    const keys = quarterlyLabelKeys();
    expect(new Set(keys).size).toBe(keys.length);
    for (const { code } of QUARTERLY_INDICATORS) {
      expect(keys).toContain(`quarterly-indicator-${code}`);
      expect(keys).toContain(`quarterly-formula-${code}`);
    }
  });

  it("writes names that look like formulas as plain text (OWASP CSV injection)", async () => {
    const hostile = { ...result, sites: [{ siteId: 1, siteName: "=cmd|' /C calc'!A0", values: values(1, 0.25) }] };
    const workbook = await openBack(
      await buildQuarterlyWorkbook(hostile, { ...meta, programmeName: "+SUM(1,1)", funder: "@evil" }, labels),
    );
    const sheet = workbook.getWorksheet("Indicatori");
    expect([sheet?.getCell("B2").value, sheet?.getCell("B3").value, sheet?.getCell(8, 3).value]).toEqual([
      "'+SUM(1,1)",
      "'@evil",
      "'=cmd|' /C calc'!A0",
    ]);
  });
});
