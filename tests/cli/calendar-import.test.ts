// `import opening-hours|closures|outputs`: problems reported by line and column, nothing written unless all is right;
// a timetable imported again for the same date replaces the earlier one.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closuresImporter, openingHoursImporter } from "../../src/cli/importers/calendar.ts";
import { outputsImporter } from "../../src/cli/importers/outputs.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { createTestClock, createTestDatabase, createTestDeps, type TestDatabase } from "../helpers/database.ts";
import { seedSites } from "./helpers.ts";

let database: TestDatabase;
let deps: ServiceDeps;

beforeEach(async () => {
  database = await createTestDatabase();
  deps = createTestDeps(database.db, createTestClock("2026-11-18T10:00:00+01:00"));
  await seedSites(deps);
});
afterEach(() => database.drop());

describe("import opening-hours", () => {
  it("refuses unknown sites, days and slots that close before they open", async () => {
    const csv =
      "site,from,weekday,opens,closes\nXYZ,2026-01-01,lun,09:00,13:00\nBOL,2026-01-01,festa,09:00,13:00\nBOL,2026-01-01,mar,14:00,09:00\n";
    expect(await openingHoursImporter.run(deps, csv)).toEqual({
      imported: 0,
      errors: [
        { line: 2, column: "site", reason: "no active site has the code prefix XYZ" },
        { line: 3, column: "weekday", reason: "must be a day (mon … sun, lun … dom, or 1–7)" },
        { line: 4, column: "closes", reason: "must be after opens" },
      ],
    });
    expect(await deps.db.openingHours.count()).toBe(0);
  });

  it("replaces a site's timetable imported again for the same date", async () => {
    await openingHoursImporter.run(
      deps,
      "site,from,weekday,opens,closes\nBOL,2026-01-01,lun,09:00,13:00\nBOL,2026-01-01,mar,09:00,13:00\n",
    );
    await openingHoursImporter.run(deps, "site,from,weekday,opens,closes\nBOL,01/01/2026,sat,10:00,12:00\n");
    expect(await deps.db.openingHours.findMany({ select: { weekday: true, opensAt: true } })).toEqual([
      { weekday: 6, opensAt: "10:00" },
    ]);
  });
});

describe("import closures and outputs", () => {
  it("refuses a closure that ends before it starts and an output of another programme's site", async () => {
    expect(await closuresImporter.run(deps, "site,from,to\nBOL,2026-08-22,2026-08-10\n")).toEqual({
      imported: 0,
      errors: [{ line: 2, column: "to", reason: "must be on or after from" }],
    });
    await deps.db.programme.create({
      data: { code: "reti", name: "Reti", funder: "FSE+", startsOn: "2026-01-01", endsOn: "2027-12-31" },
    });
    expect(
      await outputsImporter.run(deps, "programme,site,kind,title,date\nreti,BOL,brochure,Volantino,2026-05-01\n"),
    ).toEqual({
      imported: 0,
      errors: [
        {
          line: 2,
          column: "kind",
          reason: '"brochure" is not one of: report_publication, promotional_material, information_service',
        },
      ],
    });
    expect(
      await outputsImporter.run(
        deps,
        "programme,site,kind,title,date\nreti,BOL,promotional_material,Volantino,2026-05-01\n",
      ),
    ).toEqual({ imported: 0, errors: [{ line: 2, column: "site", reason: "BOL is not a site of reti" }] });
  });
});
