// The weekly digest job: when it fires, who gets what, exactly once across parallel schedulers, long digests in parts.
import { Api } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { digestJob, queueWeeklyDigests } from "../../src/jobs/digest.ts";
import { createOutboxWorker } from "../../src/jobs/outbox.ts";
import type { OutgoingMessage } from "../../src/services/deliveries.ts";
import { createMetrics } from "../../src/metrics.ts";
import { type BotApiEmulator, startBotApiEmulator } from "../../src/local/bot-api-emulator.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import type { TestClock, TestDatabase } from "../helpers/database.ts";
import { USERS, type World, seedTestWorld } from "../helpers/fixtures.ts";
import { BOT_TOKEN } from "../helpers/harness.ts";
import { DIGEST_MONDAY, goldenWeek } from "../helpers/report-fixtures.ts";
import { reserveIds } from "../../src/services/row-ids.ts";

const MONDAYS_AT_EIGHT = "0 8 * * 1";

let database: TestDatabase;
let clock: TestClock;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, clock, deps, world } = await seedTestWorld(DIGEST_MONDAY));
  await goldenWeek(deps, world);
});
afterEach(() => database.drop());

async function queuedDigests() {
  const rows = await deps.db.delivery.findMany({ orderBy: { id: "asc" } });
  return rows.map((row) => {
    const message = JSON.parse(deps.cipher.decrypt(row.payloadEnc, "Delivery.payloadEnc", row.id)) as OutgoingMessage;
    return {
      dedupeKey: row.dedupeKey,
      afterKey: row.afterKey,
      recipientId: row.recipientId,
      text: message.text ?? null,
      png: message.photo ? Buffer.from(message.photo.base64, "base64") : null,
    };
  });
}

describe("weekly digest job", () => {
  it("waits for Monday 08:00, then queues last week's site digest for the coordinator and the programme's for the admin", async () => {
    clock.set("2026-10-26T07:59:00+01:00");
    expect(await queueWeeklyDigests(deps, MONDAYS_AT_EIGHT)).toBe(0);
    clock.set(DIGEST_MONDAY);
    expect(await queueWeeklyDigests(deps, MONDAYS_AT_EIGHT)).toBe(2);

    const digests = await queuedDigests();
    const siteKey = `digest:2026-W43:site:${world.bollate.id}:${world.staff.coordinator.id}`;
    const programmeKey = `digest:2026-W43:programme:${world.programmeId}:${world.staff.admin.id}`;
    // The chart is a delivery of its own, and the text goes after it.
    expect(digests.map((d) => [d.dedupeKey, d.afterKey]).sort()).toEqual(
      [
        [`${siteKey}:chart`, null],
        [siteKey, `${siteKey}:chart`],
        [`${programmeKey}:chart`, null],
        [programmeKey, `${programmeKey}:chart`],
      ].sort(),
    );
    const coordinators = digests.find((d) => d.dedupeKey === siteKey);
    expect(coordinators?.text).toMatch(/^📊 Riepilogo settimanale · CR Milano-Bollate\nSettimana 2026-W43/);
    expect(coordinators?.text).toContain("Sessioni registrate: 4 (+2)");
    expect(
      digests
        .find((d) => d.dedupeKey === `${siteKey}:chart`)
        ?.png?.subarray(1, 4)
        .toString("ascii"),
    ).toBe("PNG");
    const admins = digests.find((d) => d.dedupeKey === programmeKey);
    expect(admins?.text).toMatch(/^📊 Riepilogo settimanale · progetto Spazio Zero/);

    clock.advance(30 * 60_000);
    expect(await queueWeeklyDigests(deps, MONDAYS_AT_EIGHT)).toBe(0);
    expect(await deps.db.delivery.count()).toBe(4);
  });

  it("catches up after a restart the same day but not days later, and follows a configured schedule", async () => {
    clock.set("2026-10-27T08:30:00+01:00");
    expect(await queueWeeklyDigests(deps, MONDAYS_AT_EIGHT)).toBe(0);
    clock.set("2026-10-26T15:00:00+01:00");
    expect(await queueWeeklyDigests(deps, MONDAYS_AT_EIGHT)).toBe(2);

    // Fridays at 18:30: the last complete week is still 2026-W43 on Friday 30 October.
    clock.set("2026-10-30T18:31:00+01:00");
    await deps.db.delivery.deleteMany();
    expect(await queueWeeklyDigests(deps, "30 18 * * 5")).toBe(2);
    expect((await queuedDigests()).every((d) => d.dedupeKey.startsWith("digest:2026-W43:"))).toBe(true);
  });

  it("refuses a DIGEST_CRON that is not a cron pattern at start-up", () => {
    expect(() => loadConfig({ DIGEST_CRON: "every monday" }, { requireToken: false })).toThrow(
      'DIGEST_CRON: is not a cron pattern (e.g. "0 8 * * 1" for Mondays at 08:00)',
    );
    expect(loadConfig({ DIGEST_CRON: "30 7 * * 1" }, { requireToken: false }).DIGEST_CRON).toBe("30 7 * * 1");
  });

  it("leaves out deactivated coordinators and sites that are closed", async () => {
    await deps.db.staff.update({ where: { id: world.staff.coordinator.id }, data: { active: false } });
    await deps.db.site.update({ where: { id: world.opera.id }, data: { active: false } });
    await deps.db.membership.create({
      data: { staffId: world.staff.onCall.id, role: "coordinator", siteId: world.opera.id },
    });
    await queueWeeklyDigests(deps, MONDAYS_AT_EIGHT);
    expect(new Set((await queuedDigests()).map((d) => d.recipientId))).toEqual(new Set([world.staff.admin.id]));
  });

  it("splits a long digest into ordered parts under 4096 characters after the chart, the digest's key on the last", async () => {
    const firstId = await reserveIds(deps.db, "Person", 500);
    const people = Array.from({ length: 500 }, (_, index) => ({
      id: firstId + index,
      code: `BOL-${String(1000 + index)}`,
      givenNameEnc: deps.cipher.encrypt("Nome", "Person.givenNameEnc", firstId + index),
      familyNameEnc: deps.cipher.encrypt("Cognome", "Person.familyNameEnc", firstId + index),
      intakeOn: "2026-02-01",
    }));
    await deps.db.person.createMany({ data: people });
    const created = await deps.db.person.findMany({
      where: { code: { in: people.map((p) => p.code) } },
      select: { id: true },
    });
    await deps.db.personSite.createMany({
      data: created.map((p) => ({ personId: p.id, siteId: world.bollate.id, fromOn: "2026-02-01" })),
    });

    await queueWeeklyDigests(deps, MONDAYS_AT_EIGHT);
    const key = `digest:2026-W43:site:${world.bollate.id}:${world.staff.coordinator.id}`;
    const parts = (await queuedDigests()).filter((d) => d.recipientId === world.staff.coordinator.id);
    expect(parts.length).toBeGreaterThan(2);
    // The chart first; the digest's own key marks its last part, so a digest queued halfway is completed on the next
    // run; each part goes after the one before it.
    expect(parts.map((p) => p.dedupeKey)).toEqual([
      `${key}:chart`,
      ...parts.slice(2).map((_, index) => `${key}:part${index + 1}`),
      key,
    ]);
    expect(parts.map((p) => p.afterKey)).toEqual([null, ...parts.slice(0, -1).map((p) => p.dedupeKey)]);
    expect(parts.map((p) => p.png !== null)).toEqual(parts.map((_, index) => index === 0));
    for (const part of parts.slice(1)) expect(part.text?.length).toBeLessThanOrEqual(4096);
    const text = parts.map((p) => p.text ?? "").join("\n");
    for (const { code } of people) expect(text).toContain(code);
  });
});

describe("two schedulers at once", () => {
  let emulator: BotApiEmulator;
  beforeEach(async () => {
    emulator = await startBotApiEmulator();
  });
  afterEach(() => emulator.stop());

  it("deliver one digest per recipient", async () => {
    const config = loadConfig({ NODE_ENV: "test" }, { requireToken: false });
    // Two instances: each its own job, outbox worker and API client. Both find no digest queued, both compute,
    // both try to queue: the database's unique dedupe key lets one through.
    const instances = [1, 2].map(() => {
      const api = new Api(BOT_TOKEN, { apiRoot: emulator.apiRoot });
      const outbox = createOutboxWorker(deps, api, {
        limits: { callsPerSecond: 1000, perChatGapMs: 0 },
        sleep: async () => undefined,
      });
      return { job: digestJob({ deps, api, outbox, config, metrics: createMetrics() }), outbox };
    });
    await Promise.all(instances.map((instance) => instance.job.run()));
    await Promise.all(instances.map((instance) => instance.outbox.drain()));
    await Promise.all(instances.map((instance) => instance.outbox.idle()));

    const deliveries = await deps.db.delivery.groupBy({ by: ["recipientId", "status"], _count: true });
    expect(deliveries.sort((a, b) => a.recipientId - b.recipientId)).toEqual([
      { recipientId: world.staff.admin.id, status: "sent", _count: 2 },
      { recipientId: world.staff.coordinator.id, status: "sent", _count: 2 },
    ]);
    const sentTo = (method: string) =>
      emulator.calls
        .filter((call) => call.method === method)
        .map((call) => Number(call.body.chat_id))
        .sort();
    expect(sentTo("sendMessage")).toEqual([USERS.admin.id, USERS.coordinator.id]);
    expect(sentTo("sendPhoto")).toEqual([USERS.admin.id, USERS.coordinator.id]);
  });
});
