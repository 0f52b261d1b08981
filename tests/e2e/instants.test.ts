// The time-sensitive parts at fixed instants, whatever the real hour: the demo world dated at each instant, every
// background job run once at it and the outbox drained, then what the demo users got. Office hours (08:00–20:00)
// for attendance reminders, 08:00 for review notices, Monday 08:00 for digests, both nights the clocks change, an
// entry's "today" around midnight, and the on-call shift at any hour.
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { localDate } from "../../src/domain/weeks.ts";
import { createJobs } from "../../src/jobs/index.ts";
import { createMetrics } from "../../src/metrics.ts";
import type { ChatUser } from "../../src/local/chat-user.ts";
import { DEMO_USERS } from "../../src/local/demo-catalogue.ts";
import { buildDemoWorld } from "../../src/local/demo-data.ts";
import { seedDemoDatabase } from "../../src/local/demo-seed.ts";
import { createTestClock } from "../helpers/database.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

interface Instant {
  name: string;
  at: string;
  /** Olivia's activities she is reminded of (exactly these), or "any" where last week's random gaps decide. */
  reminders: string[] | "any";
  /** Olivia hears that a plan she manages is overdue for review. */
  review: boolean;
  /** Corrado gets last week's digest. */
  digest: boolean;
  /** Outside office hours: the next 08:00, when the review notice and the reminders held overnight go out. */
  nextMorning?: { at: string; reminded?: string };
}

// Olivia facilitates Cura del verde (Wednesdays 09:30–12:30) and Riunione di casa (Sundays 18:00–19:00); the demo's
// history stops yesterday, so today's occurrences are never logged yet.
const INSTANTS: Instant[] = [
  {
    name: "Monday 07:59",
    at: "2026-11-30T07:59:00+01:00",
    reminders: [],
    review: false,
    digest: false,
    nextMorning: { at: "2026-11-30T08:00:00+01:00" },
  },
  { name: "Monday 08:00", at: "2026-11-30T08:00:00+01:00", reminders: "any", review: true, digest: true },
  {
    name: "Wednesday 19:59",
    at: "2026-12-02T19:59:00+01:00",
    reminders: ["Cura del verde"],
    review: true,
    digest: false,
  },
  {
    name: "Wednesday 20:00",
    at: "2026-12-02T20:00:00+01:00",
    reminders: [],
    review: true,
    digest: false,
    nextMorning: { at: "2026-12-03T08:00:00+01:00", reminded: "Cura del verde" },
  },
  { name: "Wednesday 23:59", at: "2026-12-02T23:59:00+01:00", reminders: [], review: true, digest: false },
  {
    name: "Thursday 00:30 (still Wednesday in UTC)",
    at: "2026-12-03T00:30:00+01:00",
    reminders: [],
    review: false,
    digest: false,
    nextMorning: { at: "2026-12-03T08:00:00+01:00" },
  },
  {
    name: "Sunday 19:30 after the clocks went forward",
    at: "2026-03-29T19:30:00+02:00",
    reminders: ["Riunione di casa"],
    review: true,
    digest: false,
  },
  {
    name: "Monday 08:00 after the 167-hour week",
    at: "2026-03-30T08:00:00+02:00",
    reminders: "any",
    review: true,
    digest: true,
  },
  {
    name: "Sunday 02:30 in the hour that repeats",
    at: "2026-10-25T02:30:00+01:00",
    reminders: [],
    review: false,
    digest: false,
    nextMorning: { at: "2026-10-25T08:00:00+01:00" },
  },
  {
    name: "Sunday 19:30 after the clocks went back",
    at: "2026-10-25T19:30:00+01:00",
    reminders: ["Riunione di casa"],
    review: true,
    digest: false,
  },
  {
    name: "Monday 08:00 after the 169-hour week",
    at: "2026-10-26T08:00:00+01:00",
    reminders: "any",
    review: true,
    digest: true,
  },
];

const config = loadConfig({ NODE_ENV: "test" }, { requireToken: false });
let harness: Harness;
afterEach(() => harness.stop());

async function demoAt(instant: string) {
  harness = await startHarness({ clock: createTestClock(instant) });
  const world = buildDemoWorld({ now: harness.clock.now(), timeZone: harness.deps.timeZone });
  await seedDemoDatabase(harness.deps.db, harness.deps.cipher, world);
  return world;
}

/** Every background job once, as the scheduler does at start-up, then whatever they queued is delivered. */
async function runEveryJob(): Promise<void> {
  const env = { deps: harness.deps, api: harness.bot.api, outbox: harness.outbox, config, metrics: createMetrics() };
  for (const job of createJobs(env)) {
    await job.run();
  }
  harness.outbox.kick();
  await harness.outbox.idle();
}

const texts = (user: ChatUser, prefix: string) =>
  user
    .messages()
    .map((m) => m.text)
    .filter((text) => text.startsWith(prefix));

const remindedActivities = (user: ChatUser) =>
  texts(user, "📋 Promemoria: registra").map((text) => text.match(/«(.+)»/)?.[1]);

describe.each(INSTANTS)("at $name", ({ at, reminders, review, digest, nextMorning }) => {
  it("sends what is due at that hour and nothing else, and an entry made now is dated today", async () => {
    const world = await demoAt(at);
    const today = localDate(new Date(at), "Europe/Rome");
    await runEveryJob();

    const olivia = harness.user(DEMO_USERS.operator);
    const corrado = harness.user(DEMO_USERS.coordinator);
    const hour = new Intl.DateTimeFormat("en", { hour: "numeric", hourCycle: "h23", timeZone: "Europe/Rome" });
    const officeHours = Number(hour.format(new Date(at))) >= 8 && Number(hour.format(new Date(at))) < 20;
    if (reminders !== "any") expect(remindedActivities(olivia)).toEqual(reminders);
    if (!officeHours) {
      for (const user of [olivia, corrado]) expect(remindedActivities(user)).toEqual([]);
    }
    expect(texts(olivia, "⚠️ La revisione del Progetto (PEI)").length > 0).toBe(review);
    expect(texts(corrado, "📊 Riepilogo settimanale").length > 0).toBe(digest);

    // The scheduler runs them again and again: nothing is sent twice.
    const delivered = await harness.deps.db.delivery.count();
    await runEveryJob();
    expect(await harness.deps.db.delivery.count()).toBe(delivered);

    // Olivia logs a session with one of her people: "Oggi" is the day on the clock in Rome.
    const person = world.people.find((p) => p.caseManagerId === 3 && p.code.startsWith("BOL-") && !p.dischargeOn);
    if (!person) throw new Error("the demo gives Olivia no person at Bollate");
    await olivia.send("/sessione");
    await olivia.send(person.code);
    await olivia.tapKey("session-kind-individual_educational");
    await olivia.tapKey("date-today");
    await olivia.tap("30′");
    if (
      olivia
        .lastMessage()
        .buttons.flat()
        .some((b) => b.text.includes("Nessun obiettivo"))
    ) {
      await olivia.tapKey("session-no-goal");
    }
    await olivia.tapKey("flow-skip");
    expect(olivia.lastMessage().text).toContain("✅ Sessione salvata");
    const saved = await harness.deps.db.session.findFirstOrThrow({
      where: { authorId: 3, kind: "individual_educational" },
      orderBy: { id: "desc" },
    });
    expect(saved.occurredOn).toBe(today);

    // Renato's shift covers the whole demo day, so on call he reads the crisis notes of another site.
    const renato = harness.user(DEMO_USERS.onCall);
    await renato.send("/piano OPE-0002");
    expect(renato.lastMessage().text).toContain("OPE-0002");

    if (nextMorning) {
      harness.clock.set(nextMorning.at);
      await runEveryJob();
      expect(texts(olivia, "⚠️ La revisione del Progetto (PEI)")).toHaveLength(1);
      if (nextMorning.reminded) expect(remindedActivities(olivia)).toContain(nextMorning.reminded);
    }
  });
});
