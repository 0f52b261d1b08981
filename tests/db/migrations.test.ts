// Databases made by earlier schemas, with data, migrate without losing anything; data migrations map old codes
// explicitly (docs/data-model.md).
import { afterEach, describe, expect, it } from "vitest";
import { databaseBefore, type OldDatabase } from "../helpers/migrations.ts";

let old: OldDatabase | undefined;
afterEach(() => old?.drop());

/** The minimal world of the first schema: a programme, a site, a staff member. */
function seedProgrammeSiteStaff(sqlite: OldDatabase["sqlite"]): void {
  sqlite.exec(`
    INSERT INTO "Programme" ("id", "code", "name", "funder", "startsOn", "endsOn") VALUES (1, 'sz', 'Spazio Zero', 'CdA', '2025-11-01', '2027-04-30');
    INSERT INTO "Site" ("id", "programmeId", "name", "kind", "codePrefix") VALUES (1, 1, 'CR Bollate', 'day_centre_inside', 'BOL');
    INSERT INTO "Staff" ("id", "telegramId", "displayName") VALUES (1, 3001, 'Omar');
  `);
}

describe("event terminology migration", () => {
  it("maps retired event kinds and the 118 notification code, leaving everything else as it was", () => {
    old = databaseBefore("event_terminology");
    seedProgrammeSiteStaff(old.sqlite);
    const insert = old.sqlite.prepare(
      `INSERT INTO "CriticalEvent" ("siteId", "kind", "severity", "occurredAt", "occurredOn", "descriptionEnc", "notifiedCodes", "reporterId")
       VALUES (1, ?, 2, '2026-03-01T10:00:00.000+00:00', '2026-03-01', 'v1:sealed', ?, 1)`,
    );
    const rows: [string, string][] = [
      ["aggression_staff", "118"],
      ["restraint", "penitentiary_police,118,family"],
      ["absconding", "uepe"],
      ["death", "118,other"],
      ["self_harm", ""],
      ["aggression_peer", "cps,serd"],
    ];
    for (const [kind, notified] of rows) insert.run(kind, notified);

    old.migrate();

    const migrated = old.sqlite
      .prepare(`SELECT "kind", "notifiedCodes", "descriptionEnc", "severity" FROM "CriticalEvent" ORDER BY "id"`)
      .all();
    expect(migrated).toEqual([
      { kind: "aggression_other_staff", notifiedCodes: "nue_112", descriptionEnc: "v1:sealed", severity: 2 },
      {
        kind: "containment",
        notifiedCodes: "penitentiary_police,nue_112,family",
        descriptionEnc: "v1:sealed",
        severity: 2,
      },
      { kind: "escape_or_failure_to_return", notifiedCodes: "uepe", descriptionEnc: "v1:sealed", severity: 2 },
      { kind: "death_undetermined", notifiedCodes: "nue_112,other", descriptionEnc: "v1:sealed", severity: 2 },
      { kind: "self_harm", notifiedCodes: "", descriptionEnc: "v1:sealed", severity: 2 },
      { kind: "aggression_peer", notifiedCodes: "cps,serd", descriptionEnc: "v1:sealed", severity: 2 },
    ]);
  });
});
