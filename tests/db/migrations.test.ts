// Databases made by earlier schemas, with data, migrate without losing anything; data migrations map old codes
// explicitly (docs/data-model.md).
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "../../src/db/client.ts";
import { statusOn } from "../../src/domain/legal-status.ts";
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

/** Every row of every table (except Prisma's bookkeeping), for "nothing lost" comparisons. */
function dump(sqlite: OldDatabase["sqlite"]): Record<string, Record<string, unknown>[]> {
  const tables = sqlite
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`,
    )
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      sqlite.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all() as Record<string, unknown>[],
    ]),
  );
}

const without = (rows: Record<string, unknown>[] | undefined, ...columns: string[]) =>
  (rows ?? []).map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !columns.includes(column))));

describe("person path migration", () => {
  function seedOldWorld(sqlite: OldDatabase["sqlite"]): void {
    seedProgrammeSiteStaff(sqlite);
    sqlite.exec(`
      INSERT INTO "Site" ("id", "programmeId", "name", "kind", "codePrefix") VALUES (2, 1, 'Casa Ponte', 'housing', 'CAS');
      INSERT INTO "Person" ("id", "code", "givenNameEnc", "familyNameEnc", "birthYear", "gender", "legalStatus", "referringService", "intakeOn", "caseManagerId", "dischargeOn", "dischargeOutcome", "createdAt") VALUES
        (1, 'BOL-0001', 'v1:g1', 'v1:f1', 1980, 'male', 'detained', 'Area educativa', '2026-01-15', 1, NULL, NULL, '2026-01-15T09:00:00.000+00:00'),
        (2, 'BOL-0002', 'v1:g2', 'v1:f2', 1990, 'female', 'external_execution', 'UEPE', '2026-02-01', NULL, NULL, NULL, '2026-02-01T09:00:00.000+00:00'),
        (3, 'BOL-0003', 'v1:g3', 'v1:f3', NULL, NULL, 'probation_map', NULL, '2026-02-10', NULL, '2026-06-30', 'completed', '2026-02-10T09:00:00.000+00:00'),
        (4, 'BOL-0004', 'v1:g4', 'v1:f4', 1970, 'male', 'house_arrest', NULL, '2026-03-01', NULL, '2026-05-01', 'moved away', '2026-03-01T09:00:00.000+00:00'),
        (5, 'BOL-0005', 'v1:g5', 'v1:f5', 1985, 'male', 'security_measure', NULL, '2026-03-05', NULL, NULL, NULL, '2026-03-05T09:00:00.000+00:00'),
        (6, 'BOL-0006', 'v1:g6', 'v1:f6', 1960, 'male', 'released', NULL, '2026-03-10', NULL, NULL, NULL, '2026-03-10T09:00:00.000+00:00'),
        (7, 'CAS-0001', 'v1:g7', 'v1:f7', 2004, 'male', 'young_adult', 'USSM', '2026-04-01', NULL, NULL, NULL, '2026-04-01T09:00:00.000+00:00');
      INSERT INTO "PersonSite" ("personId", "siteId") VALUES (1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 1), (7, 2), (1, 2);
      INSERT INTO "PersonFragility" ("personId", "flag") VALUES (1, 'addiction'), (2, 'psychiatric');
      INSERT INTO "PersonNameToken" ("personId", "token") VALUES (1, 'tok-a'), (2, 'tok-b');
      INSERT INTO "Plan" ("id", "personId", "version", "status", "generalObjectiveEnc", "createdAt") VALUES (1, 1, 1, 'active', 'v1:obj', '2026-02-01T10:00:00.000+00:00');
      INSERT INTO "PlanGoal" ("id", "planId", "area", "textEnc") VALUES (1, 1, 'work', 'v1:goal');
      INSERT INTO "Session" ("id", "siteId", "kind", "occurredAt", "occurredOn", "recordedAt", "durationMinutes", "noteEnc", "authorId", "updatedAt") VALUES
        (1, 1, 'individual_social', '2026-03-10T10:00:00.000+00:00', '2026-03-10', '2026-03-10T12:00:00.000+00:00', 45, 'v1:note', 1, '2026-03-10T12:00:00.000+00:00');
      INSERT INTO "Attendance" ("sessionId", "personId", "status") VALUES (1, 1, 'present');
      INSERT INTO "CriticalEvent" ("id", "siteId", "kind", "severity", "occurredAt", "occurredOn", "descriptionEnc", "reporterId") VALUES (1, 1, 'self_harm', 3, '2026-03-11T10:00:00.000+00:00', '2026-03-11', 'v1:desc', 1);
      INSERT INTO "CriticalEventPerson" ("eventId", "personId") VALUES (1, 1);
      INSERT INTO "Internship" ("id", "personId", "hostOrganisation", "startsOn", "endsOn", "hoursPerDay", "monthlyAllowanceCents", "tutorId", "status", "outcome") VALUES
        (1, 1, 'Coop Alfa', '2026-02-01', '2026-05-31', 6, 45000, 1, 'ended', 'hired_by_host'),
        (2, 2, '  coop   ALFA ', '2026-03-01', NULL, NULL, NULL, NULL, 'active', NULL),
        (3, 3, 'Forno Beta', '2026-02-15', '2026-04-15', 4.5, 40000, NULL, 'ended', 'hired_elsewhere'),
        (4, 5, 'Forno Beta', '2026-03-10', '2026-03-31', 5, NULL, NULL, 'ended', 'interrupted');
      INSERT INTO "HousingStay" ("id", "personId", "siteId", "bed", "fromOn", "toOn") VALUES
        (1, 7, 2, 'Letto 1', '2026-04-01', NULL),
        (2, 6, 2, NULL, '2026-03-10', '2026-04-01'),
        (3, 1, 2, 'Letto 1', '2026-02-01', '2026-03-01');
    `);
  }

  it("turns each person's legal status into a first period from intake, with the explicit mapping of old codes", async () => {
    old = databaseBefore("person_path");
    seedOldWorld(old.sqlite);
    old.migrate();
    const periods = old.sqlite
      .prepare(`SELECT "personId", "status", "fromOn" FROM "LegalStatusPeriod" ORDER BY "personId"`)
      .all();
    expect(periods).toEqual([
      { personId: 1, status: "detained", fromOn: "2026-01-15" },
      { personId: 2, status: "probation_social_services", fromOn: "2026-02-01" },
      { personId: 3, status: "probation_map", fromOn: "2026-02-10" },
      { personId: 4, status: "home_detention", fromOn: "2026-03-01" },
      { personId: 5, status: "supervised_liberty", fromOn: "2026-03-05" },
      { personId: 6, status: "released", fromOn: "2026-03-10" },
      { personId: 7, status: "juvenile", fromOn: "2026-04-01" },
    ]);
    // In force from intake on, and nothing before it.
    const first = periods.filter((p) => (p as { personId: number }).personId === 2) as {
      status: string;
      fromOn: string;
    }[];
    expect([statusOn(first, "2026-01-31"), statusOn(first, "2026-02-01"), statusOn(first, "2026-11-29")]).toEqual([
      null,
      "probation_social_services",
      "probation_social_services",
    ]);
  });

  it("loses nothing: untouched tables stay row for row, people and their sites keep every value", () => {
    old = databaseBefore("person_path");
    seedOldWorld(old.sqlite);
    const before = dump(old.sqlite);
    old.migrate();
    const after = dump(old.sqlite);
    for (const table of [
      "Programme",
      "PersonFragility",
      "PersonNameToken",
      "Plan",
      "PlanGoal",
      "Session",
      "Attendance",
      "CriticalEvent",
      "CriticalEventPerson",
    ]) {
      expect(after[table], table).toEqual(before[table]);
    }
    // Sites gained their network social worker since: none yet.
    expect(without(after.Site, "networkWorkerId")).toEqual(before.Site);
    expect(after.Site?.map((site) => site.networkWorkerId)).toEqual(before.Site?.map(() => null));
    // Staff gained two columns since (the command menu published, and since when the bot is blocked): empty.
    expect(without(after.Staff, "commandMenu", "unreachableSince")).toEqual(before.Staff);
    expect(after.Staff?.map((s) => [s.commandMenu, s.unreachableSince])).toEqual(before.Staff?.map(() => [null, null]));
    expect(without(after.Person, "dischargeOutcome")).toEqual(
      without(before.Person, "legalStatus", "dischargeOutcome"),
    );
    expect(after.Person?.map((p) => p.dischargeOutcome)).toEqual([
      null,
      null,
      "goals_achieved",
      "other",
      null,
      null,
      null,
    ]);
    // Each person has been at each of their sites since intake.
    expect(after.PersonSite?.map(({ personId, siteId, fromOn, toOn }) => [personId, siteId, fromOn, toOn])).toEqual([
      [1, 1, "2026-01-15", null],
      [1, 2, "2026-01-15", null],
      [2, 1, "2026-02-01", null],
      [3, 1, "2026-02-10", null],
      [4, 1, "2026-03-01", null],
      [5, 1, "2026-03-05", null],
      [6, 1, "2026-03-10", null],
      [7, 2, "2026-04-01", null],
    ]);
  });

  it("moves internships to organisations, keeps their dates and outcomes, and records the hires they ended in", () => {
    old = databaseBefore("person_path");
    seedOldWorld(old.sqlite);
    old.migrate();
    expect(
      old.sqlite.prepare(`SELECT "id", "name", "nameKey", "kind" FROM "Organisation" ORDER BY "id"`).all(),
    ).toEqual([
      { id: 1, name: "Coop Alfa", nameKey: "coop alfa", kind: null },
      { id: 2, name: "Forno Beta", nameKey: "forno beta", kind: null },
    ]);
    expect(
      old.sqlite
        .prepare(
          `SELECT "id", "personId", "hostId", "startsOn", "plannedEndOn", "endsOn", "hoursPerWeek", "monthlyAllowanceCents", "tutorId", "status", "outcome" FROM "Internship" ORDER BY "id"`,
        )
        .all(),
    ).toEqual([
      {
        id: 1,
        personId: 1,
        hostId: 1,
        startsOn: "2026-02-01",
        plannedEndOn: "2026-05-31",
        endsOn: "2026-05-31",
        hoursPerWeek: 30,
        monthlyAllowanceCents: 45000,
        tutorId: 1,
        status: "ended",
        outcome: "hired_by_host",
      },
      {
        id: 2,
        personId: 2,
        hostId: 1,
        startsOn: "2026-03-01",
        plannedEndOn: "2026-09-01",
        endsOn: null,
        hoursPerWeek: 20,
        monthlyAllowanceCents: null,
        tutorId: null,
        status: "active",
        outcome: null,
      },
      {
        id: 3,
        personId: 3,
        hostId: 2,
        startsOn: "2026-02-15",
        plannedEndOn: "2026-04-15",
        endsOn: "2026-04-15",
        hoursPerWeek: 23,
        monthlyAllowanceCents: 40000,
        tutorId: null,
        status: "ended",
        outcome: "hired_elsewhere",
      },
      {
        id: 4,
        personId: 5,
        hostId: 2,
        startsOn: "2026-03-10",
        plannedEndOn: "2026-03-31",
        endsOn: "2026-03-31",
        hoursPerWeek: 25,
        monthlyAllowanceCents: null,
        tutorId: null,
        status: "ended",
        outcome: "interrupted",
      },
    ]);
    expect(
      old.sqlite
        .prepare(`SELECT "personId", "employerId", "hiredOn", "contract", "internshipId" FROM "Hire" ORDER BY "id"`)
        .all(),
    ).toEqual([
      { personId: 1, employerId: 1, hiredOn: "2026-06-01", contract: "other", internshipId: 1 },
      { personId: 3, employerId: null, hiredOn: "2026-04-16", contract: "other", internshipId: 3 },
    ]);
  });

  it("puts old stays on the beds of a house per site, and the database opens with today's client", async () => {
    old = databaseBefore("person_path");
    seedOldWorld(old.sqlite);
    old.migrate();
    const file = old.sqlite.name;
    const db = await openDatabase(`file:${file}`);
    try {
      const stays = await db.housingStay.findMany({
        orderBy: { id: "asc" },
        include: { bed: { include: { house: true } } },
      });
      expect(
        stays.map((s) => [s.id, s.personId, s.fromOn, s.toOn, s.bed.house.name, s.bed.label, s.bed.house.siteId]),
      ).toEqual([
        [1, 7, "2026-04-01", null, "Casa", "Letto 1", 2],
        [2, 6, "2026-03-10", "2026-04-01", "Casa", "1", 2],
        [3, 1, "2026-02-01", "2026-03-01", "Casa", "Letto 1", 2],
      ]);
      const mario = await db.person.findUniqueOrThrow({
        where: { code: "BOL-0001" },
        include: { legalStatuses: true, sites: true, internships: { include: { host: true, hire: true } } },
      });
      expect(mario.legalStatuses).toMatchObject([{ status: "detained", fromOn: "2026-01-15" }]);
      expect(mario.internships[0]).toMatchObject({ host: { name: "Coop Alfa" }, hire: { contract: "other" } });
    } finally {
      await closeDatabase(db);
    }
  });
});
