// `import targets`: every problem reported by line and column, nothing written unless the whole file is right.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { targetsImporter } from "../../src/cli/importers/targets.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { createTestClock, createTestDatabase, createTestDeps, type TestDatabase } from "../helpers/database.ts";
import { seedSites } from "./helpers.ts";

let database: TestDatabase;
let deps: ServiceDeps;

beforeEach(async () => {
  database = await createTestDatabase();
  deps = createTestDeps(database.db, createTestClock("2026-11-18T10:00:00+01:00"));
  await seedSites(deps);
  await deps.db.programme.create({
    data: { code: "reti", name: "Reti", funder: "FSE+", startsOn: "2026-01-01", endsOn: "2027-12-31" },
  });
});
afterEach(() => database.drop());

describe("import targets", () => {
  it("refuses the whole file over any bad row, naming line and column", async () => {
    const csv = [
      "programme;site;indicator;target",
      "spazio-zero;;people_reached;1500",
      "nessuno;;people_reached;10",
      "spazio-zero;XYZ;detained_interns;4",
      "reti;BOL;detained_interns;4",
      "spazio-zero;;hire_rate;4",
      "spazio-zero;;people_reached;-3",
      "spazio-zero;;people_reached;1600",
    ].join("\n");
    expect(await targetsImporter.run(deps, csv)).toEqual({
      imported: 0,
      errors: [
        { line: 3, column: "programme", reason: "no programme has the code nessuno" },
        { line: 4, column: "site", reason: "no active site has the code prefix XYZ" },
        { line: 5, column: "site", reason: "BOL is not a site of reti" },
        {
          line: 6,
          column: "indicator",
          reason: expect.stringContaining('"hire_rate" is not one of: day_centre_workshops'),
        },
        { line: 7, column: "target", reason: "must be 0 or more" },
        { line: 8, column: "indicator", reason: "already set on line 2" },
      ],
    });
    expect(await deps.db.indicatorTarget.count()).toBe(0);
  });

  it("imports the allowance budgets beside the targets, for the programme and for a site", async () => {
    const csv = [
      "programme;site;indicator;target",
      "spazio-zero;;allowances_count;48",
      'spazio-zero;;allowances_euros;"14400,50"',
      "spazio-zero;BOL;allowances_count;20",
      "spazio-zero;;people_reached;1500",
    ].join("\n");
    expect(await targetsImporter.run(deps, csv)).toEqual({ imported: 4, errors: [] });
    const budgets = await deps.db.indicatorTarget.findMany({
      where: { code: { startsWith: "allowances_" } },
      select: { code: true, siteId: true, target: true },
      orderBy: { id: "asc" },
    });
    const bollate = await deps.db.site.findFirstOrThrow({ where: { codePrefix: "BOL" } });
    expect(budgets).toEqual([
      { code: "allowances_count", siteId: null, target: 48 },
      { code: "allowances_euros", siteId: null, target: 14400.5 },
      { code: "allowances_count", siteId: bollate.id, target: 20 },
    ]);
    const audited = await deps.db.auditEntry.count({ where: { action: "target.set", actorId: null } });
    expect(audited).toBe(4);
  });

  it("replaces a target imported again, with decimals written either way", async () => {
    await targetsImporter.run(deps, "programme,site,indicator,target\nspazio-zero,BOL,day_centre_opening_hours,800\n");
    expect(
      await targetsImporter.run(
        deps,
        'programme,site,indicator,target\nspazio-zero,bol,day_centre_opening_hours,"812,5"\n',
      ),
    ).toEqual({ imported: 1, errors: [] });
    expect(await deps.db.indicatorTarget.findMany({ select: { code: true, target: true, scopeKey: true } })).toEqual([
      { code: "day_centre_opening_hours", target: 812.5, scopeKey: expect.any(String) },
    ]);
  });
});
