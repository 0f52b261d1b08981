// Long polling with two instances on one PostgreSQL: one polls (Telegram refuses a second poller), the other stands by
// and takes over when the first stops.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BotApiEmulator, startBotApiEmulator } from "../../src/local/bot-api-emulator.ts";
import { type TestApp, startTestApp } from "../helpers/app.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

let emulator: BotApiEmulator;
let database: TestDatabase;
const running: TestApp[] = [];

beforeEach(async () => {
  emulator = await startBotApiEmulator();
  database = await createTestDatabase();
});
afterEach(async () => {
  for (const instance of running.splice(0)) await instance.app.stop();
  await emulator.stop();
  await database.drop();
});

async function startInstance(): Promise<TestApp> {
  const instance = await startTestApp(emulator, database);
  running.push(instance);
  return instance;
}

describe("two instances in polling mode", () => {
  it("lets one poll while the other stands by, which takes over when the first stops", async () => {
    const first = await startInstance();
    const second = await startInstance();
    const anna = { id: 1001, firstName: "Anna" };
    await first.user(anna).send("/start");
    await first.user(anna).send("/start");
    expect(first.handled).toHaveLength(2);
    expect(second.handled).toEqual([]);

    await first.app.stop();
    running.splice(running.indexOf(first), 1);
    await second.user(anna).send("/start");
    expect(second.handled).toHaveLength(1);
    expect(first.handled).toHaveLength(2);
    expect(await database.db.processedUpdate.count()).toBe(3);
  });
});
