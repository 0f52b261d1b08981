// `report quarterly|period|funnel` and `export sessions|attendance|events` as the programme office runs them.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/cli/commands/command.ts";
import { runReportCommand } from "../../src/cli/commands/report.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { type CapturedOutput, captureOutput, commandContext } from "./helpers.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { PEOPLE, type World, seedTestWorld } from "../helpers/fixtures.ts";
import { indicatorTable, quarterFixture, sheetSetup } from "../helpers/report-fixtures.ts";

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

describe("report quarterly|period", () => {
  it("writes the programme's sheet to the file named, readable cell by cell", async () => {
    await sheetSetup(deps, world);
    const code = await runReportCommand(
      ["report", "quarterly", "--programme", "spazio-zero", "--quarter", "2026Q4", "--out", "q4.xlsx"],
      context(),
    );
    expect(code).toBe(0);
    expect(output.stdout).toBe(
      "Monitoring sheet 2026-10-01 – 2026-12-31 of Spazio Zero (Appartamento Ponte, CR Milano-Bollate, CR Milano-Opera) written to q4.xlsx.\n",
    );
    const file = path.join(cwd, "q4.xlsx");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const table = await indicatorTable(readFileSync(file), "Indicatori");
    // The same hand counts as tests/services/reports/quarterly.test.ts.
    expect(table.day_centre_opening_days?.Totale).toEqual([400, 70, 265, 265 / 400]);
    expect(table.detained_participants_with_fragility?.Totale).toEqual(["–", 2, 2, "–"]);
  });

  it("writes any period with --from and --to, named after the programme and the period when no --out is given", async () => {
    const code = await runReportCommand(
      [
        "report",
        "period",
        "--programme",
        String(world.programmeId),
        "--from",
        "2026-10-15",
        "--to",
        "2026-11-30",
        "--locale",
        "en",
      ],
      context(),
    );
    expect(code).toBe(0);
    const table = await indicatorTable(
      readFileSync(path.join(cwd, "monitoring-sheet-spazio-zero-2026-10-15_2026-11-30.xlsx")),
      "Indicators",
    );
    expect(Object.keys(table.people_reached ?? {})).toEqual([
      "Appartamento Ponte",
      "CR Milano-Bollate",
      "CR Milano-Opera",
      "Total",
    ]);
    // From 15 October: p6's stay had ended (it counts since the start), p5's not begun; sessions of 20–26 Oct (p1, p2)
    // and 23 Oct (p4).
    expect(table.housing_placements?.Total).toEqual(["–", 0, 1, "–"]);
    expect(table.people_reached?.Total).toEqual(["–", 3, 4, "–"]);
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
      await runReportCommand(
        ["report", "period", "--programme", "x", "--from", "2026-02-01", "--to", "2026-01-01"],
        context(),
      ),
    ).toBe(2);
    expect(errors()).toContain("Usage error: the period must end on or after its first day");
    expect(
      await runReportCommand(["report", "quarterly", "--programme", "nessuno", "--quarter", "2026Q1"], context()),
    ).toBe(1);
    expect(errors().at(-1)).toBe('No programme with id or code "nessuno", or it has no sites.');
  });
});

describe("report funnel", () => {
  it("writes the job-placement table by year as CSV and .xlsx and prints it", async () => {
    const code = await runReportCommand(
      [
        "report",
        "funnel",
        "--programme",
        "spazio-zero",
        "--from",
        "2025-01-01",
        "--to",
        "2026-12-31",
        "--by",
        "year",
        "--out",
        "lavoro",
      ],
      context(),
    );
    expect(code).toBe(0);
    // quarterFixture: p5's referral by UEPE and intake in Oct 2026, the 2026 intakes of seedWorld's four and p6; p1's
    // internship from June and p2's from October 2026, p1 hired by the host (recorded as an outcome, with no Hire row).
    expect(readFileSync(path.join(cwd, "lavoro.csv"), "utf8").split("\n")).toEqual([
      "label,referrals,referralsFromPrison,referralsFromServices,intakes,internshipsStarted,internshipStarters,hiredAfterInternship,hireRate,hiredByHost,hiredElsewhere",
      "2025,0,0,0,0,0,0,0,,0,0",
      "2026,1,0,1,6,2,2,0,0.00,0,0",
      "Totale,1,0,1,6,2,2,0,0.00,0,0",
      "",
    ]);
    expect(statSync(path.join(cwd, "lavoro.xlsx")).mode & 0o777).toBe(0o600);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(path.join(cwd, "lavoro.xlsx")) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("Inserimento lavorativo");
    expect(sheet?.getRow(4).getCell(1).value).toBe("Anno");
    expect(sheet?.getRow(6).values).toEqual([undefined, "2026", 1, 0, 1, 6, 2, 2, 0, 0, 0, 0]);
    expect(output.stdout).toContain(
      "2026: 1 segnalazioni (0 carcere, 1 servizi territoriali), 6 prese in carico, 2 tirocini per 2 persone, 0 assunzioni = 0,00 % (0 dall'azienda ospitante, 0 altrove)",
    );
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
