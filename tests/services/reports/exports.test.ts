// CSV exports of sessions, attendance and events: codes, never names or free text; the period in Rome dates.
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ServiceDeps } from "../../../src/services/deps.ts";
import { exportRecords } from "../../../src/services/reports/exports.ts";
import type { TestDatabase } from "../../helpers/database.ts";
import { PEOPLE, type World, seedTestWorld } from "../../helpers/fixtures.ts";
import { type GoldenWeek, goldenWeek } from "../../helpers/report-fixtures.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;
let golden: GoldenWeek;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2026-11-02T09:00:00+01:00"));
  golden = await goldenWeek(deps, world);
});
afterEach(() => database.drop());

const rowsOf = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];
const GOLDEN_WEEK_PERIOD = { from: "2026-10-19", to: "2026-10-25" };

describe("exportRecords", () => {
  it("never writes a person's name, a note or a description, whatever the export", async () => {
    const names = [...PEOPLE.flatMap((p) => [p.givenName, p.familyName]), "Sara", "Neri", "Paolo", "Verdi"];
    for (const { id } of await deps.db.session.findMany({ select: { id: true } })) {
      const noteEnc = deps.cipher.encrypt("Nota riservata su Mario Rossi", "Session.noteEnc", id);
      await deps.db.session.update({ where: { id }, data: { noteEnc } });
    }
    for (const kind of ["sessions", "attendance", "events"] as const) {
      const { csv } = await exportRecords(deps, { kind, from: "2026-10-01", to: "2026-10-31" });
      for (const name of names) expect([kind, csv.includes(name)]).toEqual([kind, false]);
      expect(csv).not.toContain("riservat");
    }
  });

  it("lists each attendance row with the person's code", async () => {
    const { csv, rows } = await exportRecords(deps, { kind: "attendance", ...GOLDEN_WEEK_PERIOD });
    const { p1, p2, p3, p4 } = golden.people;
    // Tue 20: p1 p2 present, p3 absent; Thu 22: p1 present, p2 absent, p3 excused; the phone call (p2, Mon 19),
    // the course at Opera (p4, Fri 23) and the Sunday-night session (p2, 23:30 on the 25th).
    expect(rows).toBe(9);
    const records = rowsOf(csv).map((r) => [r.occurred_on, r.person_code, r.status]);
    expect(records).toEqual([
      ["2026-10-19", p2.code, "present"],
      ["2026-10-20", p1.code, "present"],
      ["2026-10-20", p2.code, "present"],
      ["2026-10-20", p3.code, "absent"],
      ["2026-10-22", p1.code, "present"],
      ["2026-10-22", p2.code, "absent"],
      ["2026-10-22", p3.code, "excused"],
      ["2026-10-23", p4.code, "present"],
      ["2026-10-25", p2.code, "present"],
    ]);
  });

  it("exports sessions by their Rome date, so the one at 00:30 on Monday 26 October is not in the week before", async () => {
    const week = rowsOf((await exportRecords(deps, { kind: "sessions", ...GOLDEN_WEEK_PERIOD })).csv);
    expect(week.map((r) => [r.occurred_on, r.site, r.kind, r.present])).toEqual([
      ["2026-10-19", "BOL", "phone_contact", "1"],
      ["2026-10-20", "BOL", "group_activity", "2"],
      ["2026-10-22", "BOL", "group_activity", "1"],
      ["2026-10-23", "OPE", "group_activity", "1"],
      ["2026-10-25", "BOL", "individual_educational", "1"],
    ]);
    expect(week.at(-1)?.occurred_at).toBe("2026-10-25T23:30:00+01:00");
    const monday = rowsOf((await exportRecords(deps, { kind: "sessions", from: "2026-10-26", to: "2026-10-26" })).csv);
    expect(monday.map((r) => [r.occurred_at, r.kind, r.duration_minutes])).toEqual([
      ["2026-10-26T00:30:00+01:00", "individual_psychological", "30"],
    ]);
  });

  it("exports events with the codes of the people involved and when they were first acknowledged", async () => {
    const events = rowsOf((await exportRecords(deps, { kind: "events", ...GOLDEN_WEEK_PERIOD })).csv);
    expect(
      events.map((e) => [e.event_id, e.kind, e.severity, e.person_codes, e.first_acknowledged_at, e.status]),
    ).toEqual([
      [
        String(golden.events.fight),
        "aggression_peer",
        "2",
        golden.people.p1.code,
        "2026-10-21T15:45:00+02:00",
        "acknowledged",
      ],
      [String(golden.events.selfHarm), "self_harm", "3", golden.people.p1.code, "", "open"],
    ]);
  });

  it("audits each export and refuses a period that ends before it starts", async () => {
    await exportRecords(deps, { kind: "events", ...GOLDEN_WEEK_PERIOD });
    const entry = await deps.db.auditEntry.findFirstOrThrow({ where: { action: "export" } });
    expect(JSON.parse(entry.details ?? "{}")).toEqual({ kind: "events", ...GOLDEN_WEEK_PERIOD, rows: 2 });
    await expect(exportRecords(deps, { kind: "events", from: "2026-10-25", to: "2026-10-19" })).rejects.toThrow(
      "--from must not come after --to",
    );
  });
});
