// The quarterly sheet from the database: 2026Q4 over the golden rows plus housing, opened back and read cell by cell.
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ServiceDeps } from "../../../src/services/deps.ts";
import { periodText, quarterlyProgrammesFor, quarterlySheet } from "../../../src/services/reports/quarterly.ts";
import type { TestDatabase } from "../../helpers/database.ts";
import { addStaff, type World, seedTestWorld } from "../../helpers/fixtures.ts";
import { indicatorTable, quarterFixture } from "../../helpers/report-fixtures.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2027-01-04T09:00:00+01:00"));
  await quarterFixture(deps, world);
});
afterEach(() => database.drop());

describe("quarterly sheet", () => {
  it("gives an admin every site of the programme and the total, counted by hand", async () => {
    const sheet = await quarterlySheet(deps, world.staff.admin.actor, {
      programme: world.programmeId,
      quarterKey: "2026Q4",
    });
    expect(sheet.filename).toBe("scheda-trimestrale-spazio-zero-2026Q4.xlsx");
    expect(sheet.siteNames).toEqual(["Appartamento Ponte", "CR Milano-Bollate", "CR Milano-Opera"]);
    const table = await indicatorTable(sheet.workbook, "Indicatori");
    // Columns: Appartamento Ponte, Bollate, Opera, Totale. By hand from quarterFixture:
    // fragility: p1 (present at Bollate), p4 (present at Opera's course); certified course: p4; detained interns p1, p2;
    // Bollate opening days 13, 14, 20, 22, 25, 26 Oct (the phone call does not open the centre) for
    // 90 + 60 + 90 + 90 + 45 + 30 = 405 min = 6.75 h, Opera 23 Oct for 3 h; housing nights 12 + 4 = 16;
    // young adult p4 (2026 − 2004 = 22) at one session; intake and referral p5; internship started: p2's on 20 Oct;
    // hired by host p1's (1 of 1 ended with an outcome = 100 %; "–" where none ended).
    expect(table.Codice).toEqual(["Appartamento Ponte", "CR Milano-Bollate", "CR Milano-Opera", "Totale"]);
    expect(table.detained_participants_with_fragility).toEqual([0, 1, 1, 2]);
    expect(table.certified_training_participants).toEqual([0, 0, 1, 1]);
    expect(table.detained_interns).toEqual([0, 2, 0, 2]);
    expect(table.day_centre_workshops_active).toEqual([0, 1, 0, 1]);
    expect(table.day_centre_opening_days).toEqual([0, 6, 1, 7]);
    expect(table.day_centre_opening_hours).toEqual([0, 6.75, 3, 9.75]);
    expect(table.housing_stays).toEqual([2, 0, 0, 2]);
    expect(table.housing_stay_days).toEqual([16, 0, 0, 16]);
    expect(table.certified_training_courses).toEqual([0, 0, 1, 1]);
    expect(table.young_adult_interventions).toEqual([0, 0, 1, 1]);
    expect(table.internship_host_organisations).toEqual([0, 2, 0, 2]);
    expect(table.job_referrals).toEqual([0, 1, 0, 1]);
    expect(table.job_intakes).toEqual([0, 1, 0, 1]);
    expect(table.internships_started).toEqual([0, 1, 0, 1]);
    expect(table.hires_after_internship_host).toEqual([0, 1, 0, 1]);
    expect(table.hire_rate_after_internship).toEqual(["–", 1, "–", 1]);
  });

  it("writes the header in the requested language", async () => {
    const sheet = await quarterlySheet(deps, null, { programme: "spazio-zero", quarterKey: "2026Q4", locale: "en" });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet.workbook as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(["Indicators", "Definitions"]);
    const indicators = book.getWorksheet("Indicators");
    expect([2, 3, 4, 5, 6].map((row) => indicators?.getRow(row).values)).toEqual([
      [undefined, "Programme", "Spazio Zero"],
      [undefined, "Funder", "Cassa delle Ammende + Regione Lombardia"],
      [undefined, "Quarter", "2026Q4"],
      [undefined, "Period", "1 October – 31 December 2026"],
      [undefined, "Generated on", "2027-01-04 09:00"],
    ]);
    expect(sheet.filename).toBe("quarterly-sheet-spazio-zero-2026Q4.xlsx");
    expect(periodText("2026Q1", "it")).toBe("1 gennaio – 31 marzo 2026");
  });

  it("limits a coordinator to the sites they coordinate and refuses other programmes", async () => {
    expect(await quarterlyProgrammesFor(deps, world.staff.coordinator.actor)).toEqual([
      { id: world.programmeId, name: "Spazio Zero" },
    ]);
    expect(await quarterlyProgrammesFor(deps, world.staff.operator.actor)).toEqual([]);
    const sheet = await quarterlySheet(deps, world.staff.coordinator.actor, {
      programme: world.programmeId,
      quarterKey: "2026Q4",
    });
    expect(sheet.siteNames).toEqual(["CR Milano-Bollate"]);
    const table = await indicatorTable(sheet.workbook, "Indicatori");
    expect(table.day_centre_opening_days).toEqual([6, 6]);

    const other = await deps.db.programme.create({
      data: { code: "reti", name: "Reti", funder: "FSE+", startsOn: "2026-01-01", endsOn: "2027-12-31" },
    });
    const otherAdmin = await addStaff(deps, { id: 1002, firstName: "Ada" }, [
      { role: "admin", siteId: null, programmeId: other.id },
    ]);
    await expect(
      quarterlySheet(deps, otherAdmin.actor, { programme: world.programmeId, quarterKey: "2026Q4" }),
    ).rejects.toMatchObject({ messageKey: "error-not-found-or-not-allowed" });
    await expect(
      quarterlySheet(deps, world.staff.operator.actor, { programme: world.programmeId, quarterKey: "2026Q4" }),
    ).rejects.toMatchObject({ messageKey: "error-not-found-or-not-allowed" });
  });

  it("audits every sheet produced", async () => {
    await quarterlySheet(deps, world.staff.admin.actor, { programme: world.programmeId, quarterKey: "2026Q4" });
    const entry = await deps.db.auditEntry.findFirstOrThrow({ where: { action: "report.quarterly" } });
    expect(entry.actorId).toBe(world.staff.admin.id);
    expect(JSON.parse(entry.details ?? "{}")).toMatchObject({ quarterKey: "2026Q4" });
  });
});
