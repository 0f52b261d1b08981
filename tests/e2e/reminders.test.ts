// Attendance reminders with a controllable clock: once per occurrence and facilitator (also across restarts), in
// the facilitator's language, straight into the roster, none once logged, only between 08:00 and 20:00 Rome time.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localTime } from "../../src/domain/schedule.ts";
import { localDate } from "../../src/domain/weeks.ts";
import { queueDueReminders } from "../../src/jobs/reminders.ts";
import { addActivity, addBollatePeople, type SeededActivity } from "../helpers/activity-fixtures.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;

beforeEach(async () => {
  harness = await startHarness();
  world = await seedWorld(harness.deps);
  await harness.deps.db.staff.update({ where: { id: world.staff.coordinator.id }, data: { locale: "en" } });
});
afterEach(async () => {
  await harness.stop();
});

async function runJobAt(instant: string): Promise<number> {
  harness.clock.set(instant);
  const queued = await queueDueReminders(harness.deps);
  await harness.outbox.drain();
  return queued;
}

const reminders = () =>
  harness.deps.db.delivery.findMany({ where: { kind: "attendance_reminder" }, orderBy: { id: "asc" } });

async function wednesdayWorkshop(): Promise<SeededActivity> {
  const roster = await addBollatePeople(harness.deps, world, 10);
  return addActivity(harness.deps, world, {
    name: "Arteterapia",
    roster,
    schedules: [{ weekday: 3, startTime: "09:00", durationMinutes: 90 }],
    facilitatorIds: [world.staff.operator.id, world.staff.coordinator.id],
  });
}

describe("attendance reminders", () => {
  it("reminds each facilitator once, in their language, after the occurrence ends, with a button into its roster", async () => {
    const arte = await wednesdayWorkshop();
    expect(await runJobAt("2026-11-18T10:29:00+01:00")).toBe(0);
    expect(await runJobAt("2026-11-18T10:30:00+01:00")).toBe(2);
    expect(await runJobAt("2026-11-18T10:31:00+01:00")).toBe(0);
    await harness.restart();
    expect(await runJobAt("2026-11-18T12:00:00+01:00")).toBe(0);
    expect((await reminders()).map((d) => d.dedupeKey).sort()).toEqual(
      [
        `reminder:${arte.id}:2026-11-18:${world.staff.operator.id}`,
        `reminder:${arte.id}:2026-11-18:${world.staff.coordinator.id}`,
      ].sort(),
    );

    const coordinator = harness.user(USERS.coordinator);
    expect(coordinator.lastMessage().text).toBe(
      "📋 Reminder: log the attendance of “Arteterapia” on Wed 18/11 (09:00).",
    );
    const operator = harness.user(USERS.operator);
    expect(operator.messages().map((m) => m.text)).toEqual([
      "📋 Promemoria: registra le presenze di «Arteterapia» di mer 18/11 (ore 09:00).",
    ]);
    await operator.tapKey("attendance-reminder-open");
    expect(operator.lastMessage().text).toContain("📋 Arteterapia — mer 18/11");
    await operator.tap(arte.roster[0]!.code);
    await operator.tapKey("flow-confirm");
    expect(operator.lastMessage().text).toContain("Presenti 9 · assenti 1");
    expect(operator.taps).toBe(3);
  });

  it("opens the roster from the reminder even in the middle of another entry, whose draft is kept", async () => {
    const arte = await wednesdayWorkshop();
    harness.clock.set("2026-11-18T10:40:00+01:00");
    const operator = harness.user(USERS.operator);
    await operator.send("/sessione");
    await operator.send(world.people[0]!.code);
    await operator.tapKey("session-kind-individual_educational");
    expect(await runJobAt("2026-11-18T10:45:00+01:00")).toBe(2);
    await operator.tapKey("attendance-reminder-open");
    expect(operator.lastMessage().text).toContain("📋 Arteterapia — mer 18/11");
    await operator.tapKey("flow-confirm");
    expect(operator.lastMessage().text).toContain(`Presenti ${arte.roster.length}`);
    await operator.send("/sessione");
    expect(operator.lastMessage().text).toContain("Hai una registrazione non finita");
  });

  it("sends nothing for an occurrence already logged, nor for activities without facilitators", async () => {
    const arte = await wednesdayWorkshop();
    await addActivity(harness.deps, world, {
      name: "Senza conduttori",
      roster: arte.roster,
      schedules: [{ weekday: 3, startTime: "09:00", durationMinutes: 60 }],
    });
    harness.clock.set("2026-11-18T10:15:00+01:00");
    const operator = harness.user(USERS.operator);
    await operator.send("/presenze");
    await operator.tap("Arteterapia");
    await operator.tapKey("flow-confirm");
    expect(await runJobAt("2026-11-18T11:00:00+01:00")).toBe(0);
    expect(await reminders()).toEqual([]);
  });

  it("defers an occurrence ending after 20:00 to 08:00 the next morning", async () => {
    const roster = await addBollatePeople(harness.deps, world, 3);
    await addActivity(harness.deps, world, {
      name: "Teatro serale",
      roster,
      schedules: [{ weekday: 3, startTime: "19:00", durationMinutes: 90 }],
      facilitatorIds: [world.staff.operator.id],
    });
    expect(await runJobAt("2026-11-18T20:30:00+01:00")).toBe(0);
    expect(await runJobAt("2026-11-18T23:59:00+01:00")).toBe(0);
    expect(await runJobAt("2026-11-19T07:59:00+01:00")).toBe(0);
    expect(await runJobAt("2026-11-19T08:00:00+01:00")).toBe(1);
    expect(harness.user(USERS.operator).lastMessage().text).toContain("«Teatro serale» di mer 18/11 (ore 19:00)");
  });

  for (const week of [
    {
      name: "the end of summer time (25 Oct 2026)",
      monday: "2026-10-19",
      offsets: ["+02:00", "+01:00"],
      change: "2026-10-25",
    },
    {
      name: "the start of summer time (29 Mar 2026)",
      monday: "2026-03-23",
      offsets: ["+01:00", "+02:00"],
      change: "2026-03-29",
    },
  ]) {
    it(`keeps reminders at local times through a week crossing ${week.name}`, async () => {
      const roster = await addBollatePeople(harness.deps, world, 2, "2026-01-01");
      const start = new Date(`${week.monday}T00:00:00${week.offsets[0]}`);
      const daily = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startTime: "17:30", durationMinutes: 90 }));
      const evening = await addActivity(harness.deps, world, {
        name: "Sport serale",
        roster,
        schedules: [{ weekday: 6, startTime: "19:30", durationMinutes: 90 }],
        facilitatorIds: [world.staff.operator.id],
        createdAt: start,
      });
      const garden = await addActivity(harness.deps, world, {
        name: "Orto",
        roster,
        schedules: daily,
        facilitatorIds: [world.staff.operator.id],
        createdAt: start,
      });
      // The job runs every 15 minutes for eight days, from Monday 00:00.
      for (let at = start.getTime(); at < start.getTime() + 8 * 86_400_000; at += 15 * 60_000) {
        harness.clock.set(new Date(at));
        await queueDueReminders(harness.deps);
      }
      const sent = await reminders();
      const about = (activity: SeededActivity) =>
        sent.filter((d) => d.dedupeKey.startsWith(`reminder:${activity.id}:`));
      // Every day's 17:30–19:00 occurrence is reminded that day at 19:00 local time, on both sides of the change.
      expect(
        about(garden).map((d) => `${d.dedupeKey.split(":")[2]} ${localDate(d.createdAt)} ${localTime(d.createdAt)}`),
      ).toEqual(
        Array.from({ length: 8 }, (_, day) => {
          const date = localDate(new Date(start.getTime() + (day * 24 + 12) * 3600_000));
          return `${date} ${date} 19:00`;
        }),
      );
      // Saturday's 19:30–21:00 occurrence is reminded on Sunday (the day of the change) at 08:00 local time.
      const [saturday, ...others] = about(evening);
      expect(others).toEqual([]);
      expect(localDate(saturday!.createdAt)).toBe(week.change);
      expect(localTime(saturday!.createdAt)).toBe("08:00");
      expect(saturday!.createdAt.toISOString()).toBe(
        new Date(`${week.change}T08:00:00${week.offsets[1]}`).toISOString(),
      );
    });
  }
});
