// The demo world: deterministic, wholly invented, and rich enough that every feature has something to show.
import { describe, expect, it } from "vitest";
import { DEMO_FAMILY_NAMES, DEMO_GIVEN_NAMES, DEMO_USERS } from "../../src/local/demo-catalogue.ts";
import { buildDemoWorld } from "../../src/local/demo-data.ts";

const now = new Date("2026-11-18T10:00:00+01:00");
const world = buildDemoWorld({ now, timeZone: "Europe/Rome" });

describe("demo data", () => {
  it("is the same for the same seed and instant, and different for another seed", () => {
    expect(buildDemoWorld({ now, timeZone: "Europe/Rome" })).toEqual(world);
    const other = buildDemoWorld({ now, timeZone: "Europe/Rome", seed: 7 });
    expect(other.people.map((p) => p.code)).toEqual(world.people.map((p) => p.code));
    expect(other.people.map((p) => `${p.givenName} ${p.familyName}`)).not.toEqual(
      world.people.map((p) => `${p.givenName} ${p.familyName}`),
    );
  });

  it("names people only from the invented lists, each full name once", () => {
    const given = new Set(DEMO_GIVEN_NAMES.map((g) => g.name));
    for (const person of world.people) {
      expect(given.has(person.givenName)).toBe(true);
      expect(DEMO_FAMILY_NAMES).toContain(person.familyName);
    }
    const fullNames = world.people.map((p) => `${p.givenName} ${p.familyName}`);
    expect(new Set(fullNames).size).toBe(fullNames.length);
    expect(world.staff.every((member) => member.displayName.endsWith(" Demo"))).toBe(true);
  });

  it("has a demo programme, sites of different kinds and ~40 people with codes of their site", () => {
    expect(world.programme.name).toBe("Spazio Zero (demo)");
    expect(new Set(world.sites.map((s) => s.kind)).size).toBeGreaterThanOrEqual(3);
    expect(world.people.length).toBeGreaterThanOrEqual(36);
    for (const person of world.people) {
      const site = world.sites.find((s) => s.id === person.siteId);
      expect(person.code).toMatch(new RegExp(`^${site?.codePrefix}-\\d{4}$`));
    }
  });

  it("gives each demo user their role, and puts the on-call user on a shift covering now", () => {
    const roles = (telegramId: number) =>
      world.staff.find((s) => s.telegramId === telegramId)?.memberships.map((m) => m.role) ?? [];
    expect(roles(DEMO_USERS.admin.id)).toEqual(["admin"]);
    expect(new Set(roles(DEMO_USERS.coordinator.id))).toEqual(new Set(["coordinator"]));
    expect(new Set(roles(DEMO_USERS.operator.id))).toEqual(new Set(["operator"]));
    expect(new Set(roles(DEMO_USERS.onCall.id))).toEqual(new Set(["on_call"]));
    expect(roles(DEMO_USERS.stranger.id)).toEqual([]);
    const onCall = world.staff.find((s) => s.telegramId === DEMO_USERS.onCall.id);
    expect(
      world.onCallShifts.some((shift) => shift.staffId === onCall?.id && shift.startsAt <= now && shift.endsAt > now),
    ).toBe(true);
  });

  it("gives the demo operator an activity to log on every day of the week", () => {
    const operator = world.staff.find((s) => s.telegramId === DEMO_USERS.operator.id);
    const weekdays = new Set(
      world.activities
        .filter((a) => operator && a.facilitatorIds.includes(operator.id))
        .flatMap((a) => a.schedules.map((s) => s.weekday)),
    );
    expect([...weekdays].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("has four weeks of past sessions with attendance, events, plans, internships and housing", () => {
    const days = world.sessions.map((s) => s.occurredOn).sort();
    expect(days[0]).toBe("2026-10-21");
    expect(days.at(-1)).toBe("2026-11-17");
    expect(world.sessions.every((s) => s.occurredAt <= s.recordedAt && s.recordedAt <= now)).toBe(true);
    const groups = world.sessions.filter((s) => s.kind === "group_activity");
    expect(groups.length).toBeGreaterThan(40);
    expect(groups.every((s) => s.attendance.length > 0)).toBe(true);
    expect(world.events.length).toBeGreaterThanOrEqual(3);
    expect(
      world.plans
        .filter((p) => p.status === "active")
        .every((p) => p.goals.length > 0 && p.crisisNotes && p.network.length > 0),
    ).toBe(true);
    expect(world.internships.length).toBeGreaterThanOrEqual(1);
    expect(world.housingStays.some((stay) => stay.toOn === null)).toBe(true);
  });

  it("matches docs/local-mode.md: BOL-0002 has an active plan and two critical events, OPE-0002 a plan", () => {
    const person = (code: string) => world.people.find((p) => p.code === code);
    const bol = person("BOL-0002");
    expect(world.plans.some((p) => p.personId === bol?.id && p.status === "active")).toBe(true);
    expect(world.events.filter((e) => bol && e.personIds.includes(bol.id))).toHaveLength(2);
    expect(world.plans.some((p) => p.personId === person("OPE-0002")?.id && p.status === "active")).toBe(true);
  });
});
