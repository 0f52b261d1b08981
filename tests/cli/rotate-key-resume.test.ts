// `rotate-key` on a database the real flows produced (alerts and digests delivered, so delivered rows hold an empty
// payload; chat state and inbox rows): it ends, a run killed half-way is finished by running it again, no value
// under the old key remains, and the rotation is audited. `npm run test:chaos` (tests/chaos/rotate-key.test.ts) kills
// it at many random points in a row before letting it finish, checking after each kill that every value still opens.
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, beforeEach, expect, it } from "vitest";
import { queueWeeklyDigests } from "../../src/jobs/digest.ts";
import { createCipher, keyIdOf } from "../../src/services/crypto.ts";
import { reportEvent } from "../../src/services/events.ts";
import { valuesUnderOtherKeys } from "../../src/services/key-rotation.ts";
import { SEALED_COLUMNS } from "../../src/services/sealed-columns.ts";
import { searchPeople } from "../../src/services/people.ts";
import { reserveIds } from "../../src/services/row-ids.ts";
import { createTestClock, TEST_KEY } from "../helpers/database.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { nodeScriptArgs } from "../helpers/process.ts";
import { expectEveryValueBound } from "../helpers/sealed-values.ts";

const NEW_KEY = Buffer.alloc(32, 77).toString("base64");
const OLD_ID = keyIdOf(Buffer.from(TEST_KEY, "base64"));
const NEW_ID = keyIdOf(Buffer.from(NEW_KEY, "base64"));
const LIMIT_MS = 240_000;
const LONG = process.env.PONTE_CHAOS === "long";
/** After how many tables each killed run is stopped: the first table in `npm test`, random ones in the long run. */
const KILL_POINTS = LONG ? randomKillPoints(12, 20261129) : [1];

function randomKillPoints(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return 1 + (state % (SEALED_COLUMNS.length - 1));
  });
}

let harness: Harness;
let world: World;

beforeEach(async () => {
  harness = await startHarness({ clock: createTestClock("2026-11-16T07:30:00+01:00") });
  world = await seedWorld(harness.deps);
  const { deps } = harness;
  const operator = harness.user(USERS.operator);
  await operator.send("/start");
  await operator.send("/piano rossi");
  await reportEvent(deps, world.staff.operator.actor, {
    clientRef: "event:3001:rotation",
    siteId: world.bollate.id,
    personIds: [world.people[0]?.id as number],
    kind: "self_harm",
    severity: 3,
    occurredAt: new Date("2026-11-16T07:00:00+01:00"),
    description: "Tagli all'avambraccio durante il laboratorio",
    notified: [],
  });
  harness.clock.set("2026-11-16T08:00:00+01:00");
  await queueWeeklyDigests(deps, "0 8 * * 1");
  harness.outbox.kick();
  await harness.outbox.idle();
  // Months of delivered messages (empty payloads) beside some still queued, so the rotation takes a while.
  const history = Array.from({ length: 4000 }, (_, index) => ({
    dedupeKey: `history:${index}`,
    kind: "digest",
    recipientId: world.staff.coordinator.id,
    status: index % 2 === 0 ? "sent" : "failed",
  }));
  const firstId = await reserveIds(deps.db, "Delivery", history.length);
  await deps.db.delivery.createMany({
    data: history.map((row, index) => ({
      ...row,
      id: firstId + index,
      payloadEnc:
        index % 2 === 0
          ? ""
          : deps.cipher.encrypt(`{"text":"vecchio riepilogo ${index}"}`, "Delivery.payloadEnc", firstId + index),
    })),
  });
});
afterEach(async () => {
  await harness.stop();
});

const env = () => ({
  PATH: process.env.PATH ?? "",
  DATABASE_URL: harness.database.url,
  ENCRYPTION_KEY: TEST_KEY,
  NEW_ENCRYPTION_KEY: NEW_KEY,
  LOG_LEVEL: "warn",
});

/** Starts rotate-key and SIGKILLs it as soon as it reports `tables` tables done. */
function rotateAndKill(tables: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeScriptArgs("cli"), "rotate-key"], { env: env() });
    let output = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), LIMIT_MS);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if ((output.match(/ re-encrypted\./g) ?? []).length >= tables) child.kill("SIGKILL");
    });
    child.once("error", reject);
    child.once("exit", (_code, signal) => {
      clearTimeout(timer);
      signal === "SIGKILL" ? resolve(output) : reject(new Error(`rotate-key was not killed: ${output}`));
    });
  });
}

/** Every sealed value of every table opens with one of the two keys, at its own place only: a kill never leaves a
 * broken or misplaced value. */
async function everyValueOpens(): Promise<void> {
  expect(await expectEveryValueBound(harness.deps.db, createCipher(NEW_KEY, [TEST_KEY]))).toBeGreaterThan(0);
}

it("finishes a run killed half-way when run again, leaves nothing under the old key, and audits", {
  timeout: LONG ? 600_000 : undefined,
}, async () => {
  const { db } = harness.deps;
  const delivered = await db.delivery.count({ where: { payloadEnc: "", status: "sent" } });
  expect(delivered).toBeGreaterThan(2000); // the real flows' deliveries and the history
  expect(await db.chatState.count()).toBeGreaterThan(0);
  const before = await valuesUnderOtherKeys(db, NEW_ID);

  for (const tables of KILL_POINTS) {
    const killed = await rotateAndKill(tables);
    expect(killed).toMatch(/^Person: \d+ re-encrypted\./);
    await everyValueOpens();
  }
  expect(await valuesUnderOtherKeys(db, NEW_ID)).toBeLessThan(before);

  const { stdout } = await promisify(execFile)(process.execPath, [...nodeScriptArgs("cli"), "rotate-key"], {
    env: env(),
    timeout: LIMIT_MS,
  });
  expect(stdout).toContain(`Checked: no value under another key than ${NEW_ID} remains.`);
  expect(await valuesUnderOtherKeys(db, NEW_ID)).toBe(0);
  expect(await valuesUnderOtherKeys(db, OLD_ID)).toBeGreaterThan(0); // the new key's values, seen from the old
  const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "encryption.rotate_key" } });
  expect(JSON.parse(audit.details ?? "{}").keyId).toBe(NEW_ID);

  const onlyNew = { ...harness.deps, cipher: createCipher(NEW_KEY) };
  expect((await searchPeople(onlyNew, [world.bollate.id], "ross")).length).toBeGreaterThan(0);
  // Every value, queued messages included, opens with the new key alone, and only at its own table, column and row.
  expect(await expectEveryValueBound(db, onlyNew.cipher)).toBeGreaterThan(2000);
});
