import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { shiftsImporter } from "../../src/cli/importers/shifts.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { onCallStaffAt } from "../../src/services/on-call.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { type World, seedTestWorld } from "../helpers/fixtures.ts";

const HEADER = "telegram_id,starts_at,ends_at,sites";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2026-11-18T10:00:00+01:00"));
});
afterEach(() => database.drop());

describe("import shifts", () => {
  it("converts Europe/Rome wall-clock times, on both sides of a DST change", async () => {
    const result = await shiftsImporter.run(
      deps,
      [HEADER, "4001,2026-12-04 18:00,2026-12-07 08:00,BOL", "2001,2027-03-27 20:00,2027-03-28 08:00,bol"].join("\n"),
    );
    expect(result).toEqual({ imported: 2, errors: [] });
    const shifts = await deps.db.onCallShift.findMany({ orderBy: { startsAt: "asc" }, include: { sites: true } });
    expect(shifts.map((s) => [s.staffId, s.startsAt.toISOString(), s.endsAt.toISOString()])).toEqual([
      [world.staff.onCall.id, "2026-12-04T17:00:00.000Z", "2026-12-07T07:00:00.000Z"],
      [world.staff.coordinator.id, "2027-03-27T19:00:00.000Z", "2027-03-28T06:00:00.000Z"],
    ]);
    expect(shifts[0]?.sites.map((s) => s.siteId)).toEqual([world.bollate.id]);
    const onCall = await onCallStaffAt(deps.db, world.bollate.id, new Date("2026-12-05T12:00:00Z"));
    expect(onCall.map((c) => c.staffId)).toEqual([world.staff.onCall.id]);
  });

  it("reports every wrong row and creates no shift", async () => {
    const result = await shiftsImporter.run(
      deps,
      [
        HEADER,
        "4001,2026-12-04 18:00,2026-12-04 08:00,BOL",
        "4001,2027-03-28 02:30,2027-03-28 08:00,BOL",
        "4001,2026-11-01 18:00,2026-11-02 08:00,BOL",
        "3001,2026-12-04 18:00,2026-12-05 08:00,BOL;OPE",
        "9999,2026-12-04 18:00,2026-12-05 08:00,BOL",
        "4001,04/12/2026 18:00,2026-12-05 08:00,",
        "4001,2026-12-01 08:00,2026-12-31 08:00,BOL",
      ].join("\n"),
    );
    expect(result.imported).toBe(0);
    expect(result.errors).toEqual([
      { line: 2, column: "ends_at", reason: "must be after starts_at" },
      { line: 3, column: "starts_at", reason: "2027-03-28 02:30 does not exist in Europe/Rome" },
      { line: 4, column: "ends_at", reason: "is in the past" },
      { line: 5, column: "sites", reason: "Omar Operatore does not work at OPE" },
      { line: 6, column: "telegram_id", reason: "no active staff member has Telegram id 9999" },
      { line: 7, column: "starts_at", reason: "must be a local date and time YYYY-MM-DD HH:mm" },
      { line: 7, column: "sites", reason: "is required" },
      { line: 8, column: "ends_at", reason: "shift too long" },
    ]);
    expect(await deps.db.onCallShift.count()).toBe(0);
  });

  it("refuses overlapping shifts of one person, so a rota imported twice is not doubled", async () => {
    const rota = [
      HEADER,
      "4001,2026-12-04 18:00,2026-12-07 08:00,BOL",
      "4001,2026-12-06 18:00,2026-12-08 08:00,BOL",
    ].join("\n");
    expect((await shiftsImporter.run(deps, rota)).errors).toEqual([
      { line: 3, column: "starts_at", reason: "overlaps line 2" },
    ]);
    const first = [
      HEADER,
      "4001,2026-12-04 18:00,2026-12-07 08:00,BOL",
      "2001,2026-12-04 18:00,2026-12-07 08:00,BOL",
    ].join("\n");
    expect(await shiftsImporter.run(deps, first)).toEqual({ imported: 2, errors: [] });
    expect((await shiftsImporter.run(deps, first)).errors).toEqual([
      { line: 2, column: "starts_at", reason: "overlaps a shift of the same person already planned" },
      { line: 3, column: "starts_at", reason: "overlaps a shift of the same person already planned" },
    ]);
    expect(await deps.db.onCallShift.count()).toBe(2);
  });
});
