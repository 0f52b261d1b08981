// Fan-out through the outbox against an emulator that answers like Telegram (fanout-telegram.ts, its own process).
// Two runs: 500 plain texts (the original measure), and 500 real weekly digests, each its chart then its text, so
// every API call counts.
import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { ServiceDeps } from "../src/services/deps.ts";
import { createOutboxApi, createOutboxWorker } from "../src/jobs/outbox.ts";
import { digestMessages, enqueueDigest } from "../src/jobs/digest.ts";
import { enqueueDelivery, type OutgoingMessage } from "../src/services/deliveries.ts";
import { type DigestFiguresCache, scopeDigest } from "../src/services/reports/digest.ts";
import { loaderFor, moduleBeside } from "../src/services/child-task.ts";
import type { WeekKey } from "../src/domain/weeks.ts";
import type { FanoutTelegramReport } from "./fanout-telegram.ts";
import { TELEGRAM_LIMIT_PER_SECOND } from "./telegram-limits.ts";

const TELEGRAM = moduleBeside(import.meta.url, "fanout-telegram");

export interface FanoutResult {
  recipients: number;
  calls: number;
  seconds: number;
  callsPerSecond: number;
  rateRatio: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  rateLimited: number;
}

async function createRecipients(deps: ServiceDeps, count: number, firstTelegramId: number): Promise<number[]> {
  const ids: number[] = [];
  await deps.db.$transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const staff = await tx.staff.create({
        data: { telegramId: BigInt(firstTelegramId + i), displayName: `Destinatario ${i}` },
      });
      ids.push(staff.id);
    }
  });
  return ids;
}

/** Sends what `queue` puts in the outbox (the methods each recipient should get, in order) to fresh chats. */
async function fanout(
  deps: ServiceDeps,
  recipients: number,
  firstTelegramId: number,
  queue: (staffIds: number[]) => Promise<Map<number, string[]>>,
): Promise<FanoutResult> {
  const telegram = fork(fileURLToPath(TELEGRAM), [], { execArgv: loaderFor(TELEGRAM), stdio: "inherit" });
  const [{ apiRoot }] = (await once(telegram, "message")) as [{ apiRoot: string }];
  const staffIds = await createRecipients(deps, recipients, firstTelegramId);
  const expected = await queue(staffIds);
  const worker = createOutboxWorker({ ...deps, clock: () => new Date() }, createOutboxApi("1:bench", apiRoot));
  const started = performance.now();
  await worker.drain();
  while ((await deps.db.delivery.count({ where: { status: { in: ["pending", "sending"] } } })) > 0) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await worker.drain();
  }
  const seconds = (performance.now() - started) / 1000;
  const reported = once(telegram, "message");
  telegram.send("report");
  const [{ calls, rateLimited, received }] = (await reported) as [FanoutTelegramReport];
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  for (const [index, staffId] of staffIds.entries()) {
    const want = expected.get(staffId) ?? [];
    const got = received[String(firstTelegramId + index)] ?? [];
    lost += Math.max(0, want.length - got.length);
    duplicated += Math.max(0, got.length - want.length);
    if (got.length === want.length && got.some((method, i) => method !== want[i])) outOfOrder++;
  }
  return {
    recipients,
    calls,
    seconds,
    callsPerSecond: calls / seconds,
    rateRatio: calls / seconds / TELEGRAM_LIMIT_PER_SECOND,
    lost,
    duplicated,
    outOfOrder,
    rateLimited,
  };
}

/** 500 plain texts: the measure issue 7 defined (fanout_rate_ratio). */
export function measureTextFanout(deps: ServiceDeps, recipients = 500): Promise<FanoutResult> {
  return fanout(deps, recipients, 900_000_000, async (staffIds) => {
    const expected = new Map<number, string[]>();
    for (const id of staffIds) {
      const dedupeKey = `bench-text:${id}`;
      const message = { text: "Riepilogo settimanale: 12 sessioni, 34 ore di attività, 2 eventi critici." };
      await enqueueDelivery(deps.db, deps.cipher, { dedupeKey, kind: "digest", recipientId: id, message }, new Date());
      expected.set(id, ["sendMessage"]);
    }
    return expected;
  });
}

/** 500 real digests of the dataset's sites, each a chart then its text: every API call counts. */
export function measureDigestFanout(deps: ServiceDeps, weekKey: WeekKey, recipients = 500): Promise<FanoutResult> {
  return fanout(deps, recipients, 910_000_000, async (staffIds) => {
    const sites = await deps.db.site.findMany({
      where: { active: true },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    const cache: DigestFiguresCache = new Map();
    const digests: OutgoingMessage[][] = [];
    for (const site of sites.slice(0, 10)) {
      digests.push(await digestMessages(await scopeDigest(deps, { kind: "site", id: site.id }, weekKey, cache), "it"));
    }
    const expected = new Map<number, string[]>();
    for (const [index, id] of staffIds.entries()) {
      const parts = digests[index % digests.length] as OutgoingMessage[];
      await enqueueDigest(deps, `bench-digest:${id}`, id, parts, new Date());
      expected.set(
        id,
        parts.map((part) => (part.photo ? "sendPhoto" : "sendMessage")),
      );
    }
    return expected;
  });
}
