// Logs never carry names, notes or message texts, even when something fails while handling them.
import { Composer } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BotContext } from "../../src/bot/context.ts";
import { PEOPLE, seedWorld, USERS } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
const logLines: string[] = [];

beforeEach(async () => {
  logLines.length = 0;
  harness = await startHarness({
    logLines,
    // A deliberately careless handler: its error message and its input values carry personal data.
    extraFeatures: () => {
      const composer = new Composer<BotContext>();
      composer.command("guasto", async (ctx) => {
        const error = new Error(`failed for ${ctx.match} (Mario Rossi, nota: rientro in famiglia)`);
        Object.assign(error, { text: ctx.message?.text, note: "rientro in famiglia" });
        throw error;
      });
      return [{ composer }];
    },
  });
  await seedWorld(harness.deps);
});
afterEach(() => harness.stop());

describe("logs", () => {
  it("record failures without names, notes or message texts", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/cerca rossi");
    await operator.send("/guasto Giulia Rossetti");
    expect(operator.lastMessage().text).toContain("Si è verificato un problema");
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/persona");
    await coordinator.send("Filomena");
    await coordinator.send("Quartararo");
    await coordinator.send("/annulla");

    const logs = logLines.join("\n");
    expect(logs).toContain("update failed");
    for (const secret of [
      ...PEOPLE.flatMap((p) => [p.givenName, p.familyName]),
      "Filomena",
      "Quartararo",
      "rientro in famiglia",
      "Omar",
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
