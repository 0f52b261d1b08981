// The funder's sheet from the database: 2026Q4 over the golden rows plus housing, opening calendars, outputs and
// targets written through the services; the .xlsx opened back with exceljs and read cell by cell.
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { quarterPeriod } from "../../../src/domain/report-periods.ts";
import type { ServiceDeps } from "../../../src/services/deps.ts";
import { addClosure, setTimetable } from "../../../src/services/opening-calendar.ts";
import { recordOutput } from "../../../src/services/programme-outputs.ts";
import { periodText, quarterlyProgrammesFor, quarterlySheet } from "../../../src/services/reports/quarterly.ts";
import { setTarget } from "../../../src/services/targets.ts";
import type { TestDatabase } from "../../helpers/database.ts";
import { addStaff, type World, seedTestWorld } from "../../helpers/fixtures.ts";
import {
  addSession,
  type GoldenWeek,
  indicatorTable,
  quarterFixture,
  sheetSetup,
} from "../../helpers/report-fixtures.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;
let golden: GoldenWeek;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2027-01-04T09:00:00+01:00"));
  golden = await quarterFixture(deps, world);
  await sheetSetup(deps, world);
});
afterEach(() => database.drop());

const Q4 = quarterPeriod("2026Q4");
const APARTMENT = "Appartamento Ponte";
const BOLLATE = "CR Milano-Bollate";
const OPERA = "CR Milano-Opera";

/** The internships and housing tab as label → one value per scope. */
async function pathRows(workbook: Buffer): Promise<Map<unknown, unknown[]>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(workbook as unknown as ArrayBuffer);
  const tab = book.getWorksheet("Tirocini e accoglienze");
  return new Map(
    (tab?.getSheetValues() ?? []).filter(Boolean).map((row) => {
      const [label, ...values] = (row as unknown[]).slice(1);
      return [label, values];
    }),
  );
}

/** The critical-events tab as rows of values (a blank row is empty), from the sheet's first row. */
function eventRows(book: ExcelJS.Workbook): unknown[][] {
  const values = book.getWorksheet("Eventi critici")?.getSheetValues() ?? [];
  return Array.from(values, (row) => ((row as unknown[] | undefined) ?? []).slice(1)).slice(1);
}

describe("the funder's sheet", () => {
  it("gives an admin every site and the total: target, actual, cumulative since 1 Nov 2025 and % of target", async () => {
    const sheet = await quarterlySheet(deps, world.staff.admin.actor, { programme: world.programmeId, ...Q4 });
    expect(sheet.filename).toBe("scheda-monitoraggio-spazio-zero-2026Q4.xlsx");
    expect(sheet.siteNames).toEqual([APARTMENT, BOLLATE, OPERA]);
    const table = await indicatorTable(sheet.workbook, "Indicatori");
    // By hand from quarterFixture and sheetSetup. Sessions: art 13, 20, 22 Oct (p1, p2), individual 14, 25, 26 Oct at
    // Bollate; the phone call of 19 Oct does not count; Opera's certified course on 23 Oct (p4, fragile, born 2004).
    // Opening calendars: Bollate Mon–Fri 9–12:30 from 1 Jan 2026, closed 8 Dec and 24–31 Dec: Q4 22 + 21 + 16 = 59 days,
    // 206.5 h; since the start all 261 weekdays of 2026 less 7 = 254 days, 889 h (no calendar in 2025). Opera Fridays
    // 9–12 and 14–17 from 15 Oct: 11 days, 66 h.
    expect(table.day_centre_workshops).toEqual({
      [APARTMENT]: ["–", 0, 0, "–"],
      [BOLLATE]: ["–", 1, 1, "–"],
      [OPERA]: ["–", 0, 0, "–"],
      Totale: ["–", 1, 1, "–"],
    });
    expect(table.day_centre_opening_days).toEqual({
      [APARTMENT]: ["–", 0, 0, "–"],
      [BOLLATE]: [220, 59, 254, 254 / 220],
      [OPERA]: ["–", 11, 11, "–"],
      Totale: [400, 70, 265, 265 / 400],
    });
    expect(table.day_centre_opening_hours).toMatchObject({
      [BOLLATE]: ["–", 206.5, 889, "–"],
      Totale: ["–", 272.5, 955, "–"],
    });
    // p1 at Bollate, p4 at Opera: both detained on the day, both fragile.
    expect(table.detained_participants_with_fragility).toMatchObject({
      [BOLLATE]: ["–", 1, 1, "–"],
      Totale: ["–", 2, 2, "–"],
    });
    // p5 from 20 Dec, p6 until 5 Oct.
    expect(table.housing_placements).toMatchObject({ [APARTMENT]: ["–", 2, 2, "–"], Totale: ["–", 2, 2, "–"] });
    expect(table.certified_courses).toMatchObject({ [OPERA]: ["–", 1, 1, "–"], Totale: ["–", 1, 1, "–"] });
    expect(table.detained_course_participants).toMatchObject({ [OPERA]: ["–", 1, 1, "–"] });
    expect(table.external_course_participants).toMatchObject({ Totale: ["–", 0, 0, "–"] });
    // p2's internship from 20 Oct and p1's until 23 Oct.
    expect(table.detained_interns).toMatchObject({ [BOLLATE]: ["–", 2, 2, "–"], Totale: [10, 2, 2, 0.2] });
    expect(table.young_adult_interventions).toMatchObject({ [OPERA]: ["–", 1, 1, "–"], Totale: ["–", 1, 1, "–"] });
    // The programme's reports count in the total only; the one of March 2026 only since the start.
    expect(table.reports_publications).toMatchObject({ [BOLLATE]: ["–", 0, 0, "–"], Totale: ["–", 1, 2, "–"] });
    expect(table.promotional_materials).toMatchObject({ [BOLLATE]: ["–", 1, 1, "–"], Totale: ["–", 1, 1, "–"] });
    expect(table.information_services).toMatchObject({ [OPERA]: ["–", 1, 1, "–"], Totale: ["–", 1, 1, "–"] });
    // p1, p2, p4, p5, p6: 5 of the 1,500 people the programme promised.
    expect(table.people_reached).toMatchObject({
      [APARTMENT]: ["–", 2, 2, "–"],
      [BOLLATE]: ["–", 2, 2, "–"],
      [OPERA]: ["–", 1, 1, "–"],
      Totale: [1500, 5, 5, 5 / 1500],
    });
  });

  it("adds internships and housing of the quarter on the third tab", async () => {
    const sheet = await quarterlySheet(deps, world.staff.admin.actor, { programme: world.programmeId, ...Q4 });
    const rows = await pathRows(sheet.workbook);
    // Columns: Appartamento Ponte, Bollate, Opera, Totale. p2's internship 20 Oct – 31 Dec (73 days) and p1's
    // 1–23 Oct (23 days); both hosts of unrecorded type. Two beds for 92 nights; p5 12 nights, p6 4; p6's stay of
    // 25 Sep – 5 Oct (10 nights) ended.
    expect(rows.get("Mesi di tirocinio nel periodo")).toEqual([0, 96 / (365.25 / 12), 0, 96 / (365.25 / 12)]);
    // No allowance paid and no budget set: nothing to compare.
    expect(rows.get("Indennità di tirocinio pagate (numero)")).toEqual([0, 0, 0, 0]);
    expect(rows.get("Budget delle indennità di tirocinio (euro)")).toEqual(["–", "–", "–", "–"]);
    expect(rows.get("Budget usato dall'avvio del progetto (euro)")).toEqual(["–", "–", "–", "–"]);
    expect(rows.get("Enti ospitanti di tipo non indicato")).toEqual([0, 2, 0, 2]);
    expect(rows.get("Notti-letto occupate")).toEqual([16, 0, 0, 16]);
    expect(rows.get("Notti-letto disponibili")).toEqual([184, 0, 0, 184]);
    expect(rows.get("Tasso di occupazione dei posti letto")).toEqual([16 / 184, "–", "–", 16 / 184]);
    expect(rows.get("Durata media delle accoglienze concluse (notti)")).toEqual([10, "–", "–", 10]);
    expect(rows.has("Eventi critici")).toBe(false);
  });

  it("sets the allowances paid in the quarter and since the start against the budgets of the programme and the site", async () => {
    const { p1, p2 } = golden.people;
    const internshipOf = async (personId: number) =>
      (await deps.db.internship.findFirstOrThrow({ where: { personId }, select: { id: true } })).id;
    const [p1Internship, p2Internship] = [await internshipOf(p1.id), await internshipOf(p2.id)];
    const paid = (internshipId: number, month: string, euros: number) => ({
      internshipId,
      month,
      amountCents: euros * 100,
    });
    await deps.db.allowancePayment.createMany({
      data: [
        ...["2026-06", "2026-07", "2026-08", "2026-09"].map((month) => paid(p1Internship, month, 500)),
        paid(p1Internship, "2026-10", 380),
        paid(p2Internship, "2026-10", 200),
        paid(p2Internship, "2026-11", 500),
        paid(p2Internship, "2026-12", 500),
        paid(p2Internship, "2027-01", 500),
      ],
    });
    const admin = world.staff.admin.actor;
    const budget = (siteId: number | null, code: string, target: number) =>
      setTarget(deps, admin, { programmeId: world.programmeId, siteId, code, target });
    await budget(null, "allowances_count", 40);
    await budget(null, "allowances_euros", 20_000);
    await budget(world.bollate.id, "allowances_count", 16);

    const sheet = await quarterlySheet(deps, admin, { programme: world.programmeId, ...Q4 });
    const rows = await pathRows(sheet.workbook);
    // Columns: Appartamento Ponte, Bollate, Opera, Totale. In 2026Q4: p1's October (380 €), p2's October (200 €),
    // November and December (500 € each); January 2027 is after the quarter. Since 1 Nov 2025: p1's June–September
    // too (4 × 500 €). Budgets: 40 allowances and 20,000 € for the programme, 16 allowances for Bollate.
    expect(rows.get("Indennità di tirocinio pagate (numero)")).toEqual([0, 4, 0, 4]);
    expect(rows.get("Indennità di tirocinio pagate dall'avvio del progetto (numero)")).toEqual([0, 8, 0, 8]);
    expect(rows.get("Budget delle indennità di tirocinio (numero)")).toEqual(["–", 16, "–", 40]);
    expect(rows.get("Budget usato dall'avvio del progetto (numero)")).toEqual(["–", 0.5, "–", 0.2]);
    expect(rows.get("Indennità di tirocinio pagate (euro)")).toEqual([0, 1580, 0, 1580]);
    expect(rows.get("Indennità di tirocinio pagate dall'avvio del progetto (euro)")).toEqual([0, 3580, 0, 3580]);
    expect(rows.get("Budget delle indennità di tirocinio (euro)")).toEqual(["–", "–", "–", 20_000]);
    expect(rows.get("Budget usato dall'avvio del progetto (euro)")).toEqual(["–", "–", "–", 3580 / 20_000]);

    // The coordinator of Bollate sees Bollate's budget and, in the total, the programme's.
    const mine = await pathRows(
      (await quarterlySheet(deps, world.staff.coordinator.actor, { programme: world.programmeId, ...Q4 })).workbook,
    );
    expect(mine.get("Budget usato dall'avvio del progetto (numero)")).toEqual([0.5, 0.2]);
    // The budgets stay off the indicators' tab.
    expect(Object.keys(await indicatorTable(sheet.workbook, "Indicatori"))).not.toContain("allowances_count");
  });

  it("lists critical events by quarter, site, kind and severity, per 100 people followed, with the four-quarter trend", async () => {
    const sheet = await quarterlySheet(deps, world.staff.admin.actor, { programme: world.programmeId, ...Q4 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet.workbook as unknown as ArrayBuffer);
    const rows = eventRows(book);
    // Bollate's four events of 2026Q4: damage and protest (severity 1), aggression between peers (2), self-harm (3);
    // it followed p1, p2, p3, p5 and p6 (until 22 Oct); Opera follows p4; the apartment nobody of its own.
    const all = "Tutti i tipi";
    expect(rows.slice(0, 11)).toEqual([
      [
        "Trimestre",
        "Sede",
        "Tipo di evento",
        "Gravità 1",
        "Gravità 2",
        "Gravità 3",
        "Gravità 4",
        "Totale",
        "Persone seguite",
        "Ogni 100 persone seguite",
      ],
      ["2026Q4", "Appartamento Ponte", all, 0, 0, 0, 0, 0, 0, "–"],
      ["2026Q4", "CR Milano-Bollate", all, 2, 1, 1, 0, 4, 5, 80],
      ["2026Q4", "CR Milano-Bollate", "Autolesionismo", 0, 0, 1, 0, 1, "–", 20],
      ["2026Q4", "CR Milano-Bollate", "Aggressione tra pari", 0, 1, 0, 0, 1, "–", 20],
      ["2026Q4", "CR Milano-Bollate", "Danneggiamento", 1, 0, 0, 0, 1, "–", 20],
      ["2026Q4", "CR Milano-Bollate", "Protesta (anche sciopero della fame)", 1, 0, 0, 0, 1, "–", 20],
      ["2026Q4", "CR Milano-Opera", all, 0, 0, 0, 0, 0, 1, 0],
      ["2026Q4", "Totale", all, 2, 1, 1, 0, 4, 6, 400 / 6],
      ["2026Q4", "Totale", "Autolesionismo", 0, 0, 1, 0, 1, "–", 100 / 6],
      ["2026Q4", "Totale", "Aggressione tra pari", 0, 1, 0, 0, 1, "–", 100 / 6],
    ]);
    const trendAt = rows.findIndex((row) => String(row[0]).startsWith("Eventi autolesivi"));
    expect(rows[trendAt + 1]).toEqual(["Trimestre", "Sede", "Eventi", "Persone seguite", "Ogni 100 persone seguite"]);
    const trend = rows.slice(trendAt + 2);
    expect(trend).toHaveLength(16); // 2026Q1–Q4 × the apartment, Bollate, Opera and the total
    // In 2026Q1 the five taken in on 15 January or 1 February were followed, with no self-destructive event.
    expect(trend[3]).toEqual(["2026Q1", "Totale", 0, 5, 0]);
    expect(trend.slice(12)).toEqual([
      ["2026Q4", "Appartamento Ponte", 0, 0, "–"],
      ["2026Q4", "CR Milano-Bollate", 1, 5, 20],
      ["2026Q4", "CR Milano-Opera", 0, 1, 0],
      ["2026Q4", "Totale", 1, 6, 100 / 6],
    ]);
  });

  it("splits a longer period's critical events into its quarters, the first one clipped to the period", async () => {
    const sheet = await quarterlySheet(deps, null, {
      programme: world.programmeId,
      startsOn: "2026-08-15",
      endsOn: "2026-12-31",
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet.workbook as unknown as ArrayBuffer);
    const rows = eventRows(book);
    const totals = rows.filter((row) => row[1] === "Totale" && row[2] === "Tutti i tipi");
    // From 15 August: the part of 2026Q3 in the period had no event; 2026Q4 had Bollate's four.
    expect(totals.map((row) => [row[0], row[7]])).toEqual([
      ["2026Q3 (15/08–30/09)", 0],
      ["2026Q4", 4],
    ]);
  });

  it("writes the header, the breakdowns and the definitions in the requested language", async () => {
    const sheet = await quarterlySheet(deps, null, { programme: "spazio-zero", ...Q4, locale: "en" });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet.workbook as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      "Indicators",
      "People breakdown",
      "Internships and housing",
      "Critical events",
      "Definitions",
    ]);
    const indicators = book.getWorksheet("Indicators");
    expect([2, 3, 4, 5, 6].map((row) => indicators?.getRow(row).values)).toEqual([
      [undefined, "Programme", "Spazio Zero"],
      [undefined, "Funder", "Cassa delle Ammende + Regione Lombardia"],
      [undefined, "Period", "1 October – 31 December 2026"],
      [undefined, "Cumulative since the start", "1 November 2025 – 31 December 2026"],
      [undefined, "Generated on", "2027-01-04 09:00"],
    ]);
    expect(indicators?.getRow(9).values).toEqual([
      undefined,
      "No.",
      "Indicator",
      ...Array.from({ length: 4 }, () => [
        "Ex-ante target",
        "Actual in the period",
        "Cumulative",
        "% of target",
      ]).flat(),
    ]);
    expect(indicators?.getCell(10, 2).value).toBe("Workshops run in day centres");
    expect(indicators?.getCell(24, 1).value).toBe(15);
    expect(indicators?.getCell(24, 2).value).toBe("Information services delivered");
    const breakdowns = book.getWorksheet("People breakdown");
    const rows = (breakdowns?.getSheetValues() ?? []).filter(Boolean).map((row) => (row as unknown[]).slice(1));
    // Scopes: apartment, Bollate, Opera, total. Nobody has a recorded sex or birth year but p4 (2004: 18–25).
    expect(rows).toContainEqual(["Sex", "Not recorded", 2, 2, 1, 5]);
    expect(rows).toContainEqual(["Age band", "18–25", 0, 0, 1, 1]);
    expect(rows).toContainEqual(["Legal status", "Detained", 2, 2, 1, 5]);
    expect(rows).toContainEqual(["Site", BOLLATE, 0, 2, 0, 2]);
    const definitions = book.getWorksheet("Definitions");
    expect(definitions?.getRow(2).values).toEqual([
      undefined,
      1,
      "day_centre_workshops",
      "Workshops run in day centres",
      expect.stringContaining("Distinct activities of the day centres"),
    ]);
    expect(sheet.filename).toBe("monitoring-sheet-spazio-zero-2026Q4.xlsx");
    expect(periodText(quarterPeriod("2026Q1"), "it")).toBe("1 gennaio – 31 marzo 2026");
  });

  it("covers any period: a year, with its cumulative column still from the programme's start", async () => {
    const sheet = await quarterlySheet(deps, null, {
      programme: "spazio-zero",
      startsOn: "2026-01-01",
      endsOn: "2026-12-31",
    });
    expect(sheet.filename).toBe("scheda-monitoraggio-spazio-zero-2026.xlsx");
    const table = await indicatorTable(sheet.workbook, "Indicatori");
    expect(table.day_centre_opening_days?.Totale).toEqual([400, 265, 265, 265 / 400]);
    expect(table.reports_publications?.Totale).toEqual(["–", 2, 2, "–"]);
  });

  it("limits a coordinator to the sites they coordinate and refuses other programmes", async () => {
    expect(await quarterlyProgrammesFor(deps, world.staff.coordinator.actor)).toEqual([
      { id: world.programmeId, name: "Spazio Zero" },
    ]);
    expect(await quarterlyProgrammesFor(deps, world.staff.operator.actor)).toEqual([]);
    const sheet = await quarterlySheet(deps, world.staff.coordinator.actor, { programme: world.programmeId, ...Q4 });
    expect(sheet.siteNames).toEqual([BOLLATE]);
    const table = await indicatorTable(sheet.workbook, "Indicatori");
    expect(table.day_centre_opening_days).toEqual({
      [BOLLATE]: [220, 59, 254, 254 / 220],
      Totale: [400, 59, 254, 254 / 400],
    });

    const other = await deps.db.programme.create({
      data: { code: "reti", name: "Reti", funder: "FSE+", startsOn: "2026-01-01", endsOn: "2027-12-31" },
    });
    const otherAdmin = await addStaff(deps, { id: 1002, firstName: "Ada" }, [
      { role: "admin", siteId: null, programmeId: other.id },
    ]);
    await expect(quarterlySheet(deps, otherAdmin.actor, { programme: world.programmeId, ...Q4 })).rejects.toMatchObject(
      {
        messageKey: "error-not-found-or-not-allowed",
      },
    );
    await expect(
      quarterlySheet(deps, world.staff.operator.actor, { programme: world.programmeId, ...Q4 }),
    ).rejects.toMatchObject({ messageKey: "error-not-found-or-not-allowed" });
  });

  it("counts people present at a site's session though registered at a site the reader does not see", async () => {
    const p4 = world.people[3] as World["people"][number];
    await addSession(deps, {
      siteId: world.bollate.id,
      kind: "group_activity",
      occurredAt: "2026-11-10T10:00+01:00",
      durationMinutes: 60,
      authorId: world.staff.operator.id,
      attendance: { [p4.id]: "present" },
    });
    const sheet = await quarterlySheet(deps, world.staff.coordinator.actor, { programme: world.programmeId, ...Q4 });
    const table = await indicatorTable(sheet.workbook, "Indicatori");
    // p4 (Opera, born 2004, fragile, detained) joins p1 and p2 at Bollate.
    expect(table.people_reached?.[BOLLATE]).toEqual(["–", 3, 3, "–"]);
    expect(table.young_adult_interventions?.[BOLLATE]).toEqual(["–", 1, 1, "–"]);
    expect(table.detained_participants_with_fragility?.[BOLLATE]).toEqual(["–", 2, 2, "–"]);
  });

  it("audits every sheet produced", async () => {
    await quarterlySheet(deps, world.staff.admin.actor, { programme: world.programmeId, ...Q4 });
    const entry = await deps.db.auditEntry.findFirstOrThrow({ where: { action: "report.quarterly" } });
    expect(entry.actorId).toBe(world.staff.admin.id);
    expect(JSON.parse(entry.details ?? "{}")).toMatchObject({ startsOn: "2026-10-01", endsOn: "2026-12-31" });
  });
});

describe("setting up the sheet", () => {
  it("replaces a target set again, and keeps targets, calendars and outputs to those allowed", async () => {
    await setTarget(deps, world.staff.admin.actor, {
      programmeId: world.programmeId,
      siteId: null,
      code: "people_reached",
      target: 1200,
    });
    expect(
      await deps.db.indicatorTarget.findMany({ where: { code: "people_reached" }, select: { target: true } }),
    ).toEqual([{ target: 1200 }]);
    const coordinator = world.staff.coordinator.actor;
    const refused = { messageKey: "error-not-found-or-not-allowed" };
    await expect(
      setTarget(deps, coordinator, { programmeId: world.programmeId, siteId: null, code: "people_reached", target: 1 }),
    ).rejects.toMatchObject(refused);
    await expect(
      setTarget(deps, world.staff.admin.actor, {
        programmeId: world.programmeId,
        siteId: null,
        code: "nonsense",
        target: 1,
      }),
    ).rejects.toMatchObject({ messageKey: "error-invalid-input" });
    await expect(
      setTimetable(deps, coordinator, { siteId: world.opera.id, fromOn: "2027-01-01", hours: [] }),
    ).rejects.toMatchObject(refused);
    await expect(
      setTimetable(deps, coordinator, {
        siteId: world.bollate.id,
        fromOn: "2027-01-01",
        hours: [{ weekday: 1, opensAt: "14:00", closesAt: "09:00" }],
      }),
    ).rejects.toMatchObject({ messageKey: "opening-error-closes-before-opens" });
    await expect(
      addClosure(deps, coordinator, { siteId: world.bollate.id, fromOn: "2027-01-02", toOn: "2027-01-01" }),
    ).rejects.toMatchObject({ messageKey: "opening-error-closure-ends-before" });
    await expect(
      recordOutput(deps, coordinator, {
        programmeId: world.programmeId,
        siteId: null,
        kind: "report_publication",
        title: "Report",
        issuedOn: "2027-01-02",
      }),
    ).rejects.toMatchObject(refused);
    await recordOutput(deps, coordinator, {
      programmeId: world.programmeId,
      siteId: world.bollate.id,
      kind: "information_service",
      title: "Sportello",
      issuedOn: "2027-01-02",
    });
    // A timetable set again for the same date replaces the earlier one.
    await setTimetable(deps, coordinator, {
      siteId: world.bollate.id,
      fromOn: "2026-01-01",
      hours: [{ weekday: 1, opensAt: "09:00", closesAt: "10:00" }],
    });
    expect(await deps.db.openingHours.count({ where: { siteId: world.bollate.id } })).toBe(1);
    const actions = (await deps.db.auditEntry.findMany({ select: { action: true } })).map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(["target.set", "opening_hours.set", "closure.add", "output.record"]),
    );
  });
});
