import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { activitiesImporter, parseSchedule } from "../../src/cli/importers/activities.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { type World, seedTestWorld } from "../helpers/fixtures.ts";

const HEADER = "site,name,kind,schedule,facilitators,roster,enrolled_on";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2026-11-18T10:00:00+01:00"));
});
afterEach(() => database.drop());

describe("weekly schedules", () => {
  it("reads English and Italian days, loose times and durations", () => {
    expect(parseSchedule("mon 09:30 120; thu 14:00 90")).toEqual([
      { weekday: 1, startTime: "09:30", durationMinutes: 120 },
      { weekday: 4, startTime: "14:00", durationMinutes: 90 },
    ]);
    expect(parseSchedule("Gio 9.30 1h30;")).toEqual([{ weekday: 4, startTime: "09:30", durationMinutes: 90 }]);
    expect(parseSchedule("monday at 9")).toContain('"monday at 9" is not "day HH:mm minutes"');
    expect(parseSchedule("fri 10:00 900")).toBe('"fri 10:00 900": the duration must be 15–600 minutes');
    expect(parseSchedule("fri 10:00 10")).toBe('"fri 10:00 10": the duration must be 15–600 minutes');
  });
});

describe("import activities", () => {
  it("creates activities with schedule, facilitators and roster", async () => {
    const result = await activitiesImporter.run(
      deps,
      [
        HEADER,
        "BOL,Arteterapia e Fotolinguaggio,Workshop,mon 09:30 120; thu 14:00 90,3001;2001,BOL-0001; BOL-0002,2026-06-01",
        "OPE,Gruppo di parola,talk_group,,,,",
      ].join("\n"),
    );
    expect(result).toEqual({ imported: 2, errors: [] });
    const art = await deps.db.activity.findFirstOrThrow({
      where: { name: "Arteterapia e Fotolinguaggio" },
      include: {
        schedules: { orderBy: { weekday: "asc" } },
        facilitators: true,
        roster: { include: { person: true } },
      },
    });
    expect(art.kind).toBe("workshop");
    expect(art.siteId).toBe(world.bollate.id);
    expect(art.schedules.map((s) => [s.weekday, s.startTime, s.durationMinutes])).toEqual([
      [1, "09:30", 120],
      [4, "14:00", 90],
    ]);
    expect(art.facilitators.map((f) => f.staffId).sort()).toEqual(
      [world.staff.coordinator.id, world.staff.operator.id].sort(),
    );
    expect(art.roster.map((r) => [r.person.code, r.enrolledOn])).toEqual([
      ["BOL-0001", "2026-06-01"],
      ["BOL-0002", "2026-06-01"],
    ]);
    const enrolments = await deps.db.auditEntry.findMany({
      where: { action: "activity.enrol", subjectId: String(art.id) },
    });
    expect(enrolments.map((e) => e.personId).sort()).toEqual(art.roster.map((r) => r.personId).sort());
    const talk = await deps.db.activity.findFirstOrThrow({
      where: { name: "Gruppo di parola" },
      include: { schedules: true },
    });
    expect([talk.siteId, talk.schedules]).toEqual([world.opera.id, []]);
  });

  it("reports every wrong row and creates no activity", async () => {
    const result = await activitiesImporter.run(
      deps,
      [
        HEADER,
        "BOL,Cura del verde,workshop,mon 9:00 90,3002,BOL-0001,2026-06-01",
        "BOL,Cura del verde,workshop,tue 25:00 90,,,",
        "BOL,Io al lavoro,certified training,,,OPE-0001;BOL-0999;BOL 2,2026-06-01",
        "BOL,Io al lavoro 2,certified_training,,,BOL-0003,2025-01-01",
      ].join("\n"),
    );
    expect(result.imported).toBe(0);
    expect(result.errors).toEqual([
      { line: 2, column: "facilitators", reason: "Olga Altrove is not an operator or coordinator at BOL" },
      { line: 3, column: "schedule", reason: expect.stringContaining('"tue 25:00 90" is not "day HH:mm minutes"') },
      {
        line: 4,
        column: "kind",
        reason:
          '"certified training" is not one of: workshop, certified_training, talk_group, sport, volunteering, other',
      },
      { line: 4, column: "roster", reason: '"BOL 2" is not a person code such as BOL-0042' },
      { line: 5, column: "roster", reason: "BOL-0003 is not in charge on 2025-01-01" },
    ]);
    expect(await deps.db.activity.count()).toBe(0);

    const sameNameTwice = await activitiesImporter.run(
      deps,
      [HEADER, "BOL,Cucina,workshop,,,OPE-0001;BOL-0999,", "bol,cucina,sport,,,,"].join("\n"),
    );
    expect(sameNameTwice.errors).toEqual([
      { line: 2, column: "roster", reason: "OPE-0001 is not at BOL" },
      { line: 2, column: "roster", reason: "no person has the code BOL-0999" },
      { line: 3, column: "name", reason: "the same activity is also on line 2" },
    ]);
  });

  it("refuses an activity that already exists at the site", async () => {
    await activitiesImporter.run(deps, `${HEADER}\nBOL,Cucina,workshop,,,,\n`);
    const again = await activitiesImporter.run(deps, `${HEADER}\nBOL,CUCINA,workshop,,,,\nOPE,Cucina,workshop,,,,\n`);
    expect(again.errors).toEqual([
      { line: 2, column: "name", reason: "BOL already has an active activity with this name" },
    ]);
    expect(await deps.db.activity.count()).toBe(1);
  });
});
