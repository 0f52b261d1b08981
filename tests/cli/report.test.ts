// `report quarterly` and `export sessions|attendance|events` as the programme office runs them.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/cli/commands/command.ts";
import { runReportCommand } from "../../src/cli/commands/report.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { type CapturedOutput, captureOutput, commandContext } from "./helpers.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { PEOPLE, type World, seedTestWorld } from "../helpers/fixtures.ts";
import { indicatorTable, quarterFixture } from "../helpers/report-fixtures.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;
let cwd: string;
let output: CapturedOutput;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2027-01-04T09:00:00+01:00"));
  await quarterFixture(deps, world);
  cwd = mkdtempSync(path.join(tmpdir(), "ponte-report-"));
  output = captureOutput();
});
afterEach(async () => {
  rmSync(cwd, { recursive: true, force: true });
  await database.drop();
});

const errors = () => output.stderr.split("\n").filter(Boolean);

function context(): CommandContext {
  return commandContext(deps, output, cwd);
}

describe("report quarterly", () => {
  it("writes the programme's sheet to the file named, readable cell by cell", async () => {
    const code = await runReportCommand(
      ["report", "quarterly", "--programme", "spazio-zero", "--quarter", "2026Q4", "--out", "q4.xlsx"],
      context(),
    );
    expect(code).toBe(0);
    expect(output.stdout).toBe(
      "Quarterly sheet 2026Q4 of Spazio Zero (Appartamento Ponte, CR Milano-Bollate, CR Milano-Opera) written to q4.xlsx.\n",
    );
    const file = path.join(cwd, "q4.xlsx");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const table = await indicatorTable(readFileSync(file), "Indicatori");
    // The same hand counts as tests/services/reports/quarterly.test.ts: Appartamento Ponte, Bollate, Opera, Totale.
    expect(table.day_centre_opening_days).toEqual([0, 6, 1, 7]);
    expect(table.day_centre_opening_hours).toEqual([0, 6.75, 3, 9.75]);
    expect(table.housing_stay_days).toEqual([16, 0, 0, 16]);
    expect(table.detained_participants_with_fragility).toEqual([0, 1, 1, 2]);
  });

  it("takes the programme id too, and names the file after the programme and quarter when no --out is given", async () => {
    const code = await runReportCommand(
      ["report", "quarterly", "--programme", String(world.programmeId), "--quarter", "2026Q4", "--locale", "en"],
      context(),
    );
    expect(code).toBe(0);
    const table = await indicatorTable(
      readFileSync(path.join(cwd, "quarterly-sheet-spazio-zero-2026Q4.xlsx")),
      "Indicators",
    );
    expect(table.Code).toEqual(["Appartamento Ponte", "CR Milano-Bollate", "CR Milano-Opera", "Total"]);
  });

  it("explains wrong arguments with the usage (exit 2) and an unknown programme (exit 1)", async () => {
    expect(await runReportCommand(["report", "quarterly", "--programme", "spazio-zero"], context())).toBe(2);
    expect(errors()[0]).toBe("Usage error: missing --quarter");
    expect(errors()).toContain(
      "  npm run cli -- report quarterly --programme <id|code> --quarter 2026Q1 [--out file.xlsx] [--locale it|en]",
    );
    expect(await runReportCommand(["report", "quarterly", "--programme", "x", "--quarter", "2026Q5"], context())).toBe(
      2,
    );
    expect(errors()).toContain("Usage error: quarter must look like 2026Q1");
    expect(
      await runReportCommand(["report", "quarterly", "--programme", "nessuno", "--quarter", "2026Q1"], context()),
    ).toBe(1);
    expect(errors().at(-1)).toBe('No programme with id or code "nessuno", or it has no sites.');
  });
});

describe("export sessions|attendance|events", () => {
  it("prints pseudonymised CSV with person codes and no names", async () => {
    const code = await runReportCommand(
      ["export", "attendance", "--from", "2026-10-19", "--to", "2026-10-25"],
      context(),
    );
    expect(code).toBe(0);
    expect(output.stderr).toBe("Exported 9 rows of attendance (pseudonymised).\n");
    expect(output.stdout.split("\n")[0]).toBe("session_id,site,kind,activity_id,occurred_on,person_code,status");
    expect(output.stdout).toContain(",BOL-0001,present");
    for (const name of PEOPLE.flatMap((p) => [p.givenName, p.familyName])) expect(output.stdout).not.toContain(name);
  });

  it("writes to a file when asked", async () => {
    const code = await runReportCommand(
      ["export", "events", "--from", "2026-10-01", "--to", "2026-10-31", "--out", "events.csv"],
      context(),
    );
    expect(code).toBe(0);
    expect(output.stdout).toBe("Exported 4 rows of events (pseudonymised) to events.csv.\n");
    expect(readFileSync(path.join(cwd, "events.csv"), "utf8").split("\n").filter(Boolean)).toHaveLength(5);
  });

  it("refuses a missing period", async () => {
    expect(await runReportCommand(["export", "sessions", "--from", "2026-10-01"], context())).toBe(2);
    expect(errors()[0]).toBe("Usage error: missing --to");
  });
});
