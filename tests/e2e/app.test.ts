// The app as `npm start` wires it: long polling after a leftover webhook, /healthz and /metrics in both modes, and
// a stop that waits for the updates being handled and for the outbox.
import { Composer } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BotContext } from "../../src/bot/context.ts";
import { type BotApiEmulator, startBotApiEmulator } from "../../src/local/bot-api-emulator.ts";
import { createCipher } from "../../src/services/crypto.ts";
import { enqueueDelivery } from "../../src/services/deliveries.ts";
import { reportEvent } from "../../src/services/events.ts";
import { type TestApp, freePort, startTestApp, webhookEnv } from "../helpers/app.ts";
import {
  createTestClock,
  createTestDatabase,
  createTestDeps,
  TEST_KEY,
  type TestDatabase,
} from "../helpers/database.ts";
import { seedWorld, USERS } from "../helpers/fixtures.ts";
import { BOT_TOKEN } from "../helpers/harness.ts";

let emulator: BotApiEmulator;
let database: TestDatabase;
let running: TestApp | null = null;

beforeEach(async () => {
  emulator = await startBotApiEmulator();
  database = await createTestDatabase();
});
afterEach(async () => {
  await running?.app.stop();
  running = null;
  await emulator.stop();
  await database.drop();
});

async function get(url: string): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get("content-type") ?? "", body: await response.text() };
}

/** The value of one sample of the Prometheus text output, e.g. 'ponte_updates_handled_total{kind="message"}'. */
function sample(metrics: string, name: string): number | undefined {
  const line = metrics.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe("long polling", () => {
  it("deletes a webhook left by an earlier webhook-mode run instead of failing with 409 forever", async () => {
    await fetch(`${emulator.apiRoot}/bot${BOT_TOKEN}/setWebhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: "https://old.example.org/hook" }),
    });
    running = await startTestApp(emulator, database);
    expect(emulator.webhook).toBeNull();
    const admin = running.user({ id: 1001, firstName: "Anna" });
    await admin.send("/start");
    expect(admin.lastMessage().replyKeyboard?.flat()).toContain("📋 Presenze");
  });

  it("serves no HTTP at all unless METRICS_PORT is set", async () => {
    running = await startTestApp(emulator, database);
    expect(running.app.monitoringUrl).toBeNull();
  });
});

describe("/healthz and /metrics", () => {
  it("in polling mode, on METRICS_PORT: database, last update, outbox backlog; counters by kind and flow", async () => {
    const world = await seedWorld(createTestDeps(database.db, createTestClock()));
    const port = await freePort();
    running = await startTestApp(emulator, database, { METRICS_PORT: String(port) });
    expect(running.app.monitoringUrl).toBe(`http://127.0.0.1:${port}`);

    const before = JSON.parse((await get(`${running.app.monitoringUrl}/healthz`)).body);
    expect(before).toEqual({
      status: "ok",
      mode: "polling",
      database: "reachable",
      lastUpdateHandledAt: null,
      outbox: { pending: expect.any(Number), oldestPendingSeconds: expect.any(Number) },
    });

    const coordinator = running.user(USERS.coordinator);
    await coordinator.send("/persona");
    await coordinator.send("/annulla");
    // An unacknowledged severity-3 event: its alerts wait in the outbox until the worker's next round.
    const clock = createTestClock();
    await reportEvent(createTestDeps(database.db, clock), world.staff.operator.actor, {
      clientRef: "metrics:1",
      siteId: world.bollate.id,
      personIds: [],
      kind: "self_harm",
      severity: 3,
      occurredAt: clock.now(),
      description: "—",
    });

    const health = await get(`${running.app.monitoringUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(health.type).toBe("application/json");
    const report = JSON.parse(health.body);
    expect(Date.parse(report.lastUpdateHandledAt)).toBeGreaterThan(Date.parse(before.lastUpdateHandledAt ?? 0));
    expect(report.outbox.pending).toBeGreaterThanOrEqual(before.outbox.pending);

    // A message queued ten minutes ago for tomorrow morning: the backlog and its age show it.
    const now = Date.now();
    await enqueueDelivery(
      database.db,
      createCipher(TEST_KEY),
      {
        dedupeKey: "health:waiting",
        kind: "plan_review",
        recipientId: world.staff.coordinator.id,
        message: { text: "domani" },
        notBefore: new Date(now + 24 * 3600_000),
      },
      new Date(now - 10 * 60_000),
    );
    const backlog = JSON.parse((await get(`${running.app.monitoringUrl}/healthz`)).body).outbox;
    expect(backlog.pending).toBe(report.outbox.pending + 1);
    expect(backlog.oldestPendingSeconds).toBeGreaterThanOrEqual(600);

    const metrics = await get(`${running.app.monitoringUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain("text/plain");
    expect(sample(metrics.body, 'ponte_updates_handled_total{kind="message"}')).toBe(2);
    expect(metrics.body).toContain('ponte_update_handling_seconds_count{kind="message"} 2');
    expect(sample(metrics.body, 'ponte_flows_total{flow="add-person",outcome="cancelled"}')).toBe(1);
    expect(sample(metrics.body, 'ponte_critical_events_unacknowledged{severity="3"}')).toBe(1);
    for (const name of [
      "ponte_outbox_pending",
      "ponte_outbox_oldest_pending_seconds",
      "ponte_updates_in_flight",
      "ponte_digest_run_seconds_count",
    ]) {
      expect(sample(metrics.body, name), name).toBeGreaterThanOrEqual(0);
    }
  });

  it("in webhook mode, on the webhook's port; /healthz says 503 when the database is gone", async () => {
    const env = await webhookEnv();
    running = await startTestApp(emulator, database, env);
    const base = new URL(env.WEBHOOK_URL as string).origin;
    expect(running.app.monitoringUrl).toBe(base);
    expect(JSON.parse((await get(`${base}/healthz`)).body)).toMatchObject({ status: "ok", mode: "webhook" });
    expect((await get(`${base}/metrics`)).body).toContain("ponte_updates_handled_total");
    expect((await get(`${base}/nothing`)).status).toBe(404);
    expect((await get(env.WEBHOOK_URL as string)).status).toBe(405);

    await running.app.deps.db.$disconnect();
    // A closed client reconnects on demand; a missing file cannot: remove it under the app.
    await database.drop();
    const unhealthy = await get(`${base}/healthz`);
    expect([unhealthy.status, JSON.parse(unhealthy.body).database]).toEqual([503, "unreachable"]);
    database = await createTestDatabase();
  });
});

describe("stopping", () => {
  it("waits for the update being handled and answers it before closing the database", async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    let markStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const slowFeature = () => {
      const composer = new Composer<BotContext>();
      composer.command("lento", async (ctx) => {
        markStarted();
        await slow;
        await ctx.reply("fatto");
      });
      return [{ composer }];
    };
    running = await startTestApp(emulator, database, {}, { extraFeatures: slowFeature });
    const admin = running.user({ id: 1001, firstName: "Anna" });
    await admin.send("/start");
    const sent = admin.send("/lento");
    await started;

    let stopped = false;
    const stopping = running.app.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stopped).toBe(false);
    release();
    await stopping;
    await sent;
    expect(admin.lastMessage().text).toBe("fatto");
    expect(await database.db.processedUpdate.count()).toBe(2);
    running = null;
  });
});
