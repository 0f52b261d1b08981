// How every flow behaves, shown on the "new person" flow: back, cancel, bad input, stale buttons, drafts,
// timeouts, switching task, and other buttons tapped meanwhile.
import { afterEach, describe, expect, it } from "vitest";
import { FLOW_TIMEOUT_MS } from "../../src/bot/flows/kit.ts";
import { seedWorld, USERS } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
afterEach(() => harness.stop());

async function start() {
  harness = await startHarness();
  await seedWorld(harness.deps);
  return harness.user(USERS.coordinator);
}

describe("flows", () => {
  it("goes back one step and keeps what was typed before", async () => {
    const user = await start();
    await user.send("/persona");
    await user.send("Ada");
    await user.send("Neri");
    await user.tapKey("flow-back");
    expect(user.lastMessage().text).toBe("Cognome?");
    await user.send("Nardi");
    await user.tapKey("flow-skip");
    await user.tapKey("legal-detained");
    await user.tapKey("flow-confirm");
    await user.tapKey("date-today");
    expect(user.lastMessage().text).toMatch(/Persona registrata: BOL-0004 · Ada N\./);
  });

  it("explains bad input and stays on the same step", async () => {
    const user = await start();
    await user.send("/persona");
    await user.send("Ada");
    await user.send("Neri");
    await user.send("millenovecento");
    expect(user.lastMessage().text).toBe("Anno non valido: scrivi quattro cifre, per esempio 1990.");
    await user.send("1990");
    expect(user.lastMessage().text).toBe("Posizione giuridica?");
  });

  it("cancels with the button or /annulla, and reopening starts afresh instead of offering the cancelled entry", async () => {
    const user = await start();
    await user.send("/persona");
    await user.send("Ada");
    await user.send("/annulla");
    expect(user.lastMessage().text).toBe("Operazione annullata: quello che non avevi confermato è stato scartato.");
    await user.send("/persona");
    expect(user.lastMessage().text).toBe("Nome della persona?");
    await user.send("Ada");
    await user.tapKey("flow-cancel");
    await user.send("/persona");
    expect(user.lastMessage().text).toBe("Nome della persona?");
    expect(await harness.deps.db.person.count()).toBe(4);
  });

  it("refuses a button from an earlier run", async () => {
    const user = await start();
    await user.send("/persona");
    await user.send("Ada");
    await user.send("Neri");
    const oldPrompt = user.lastMessage();
    await user.send("/annulla");
    await user.send("/persona");
    const skip = oldPrompt.buttons.flat().find((b) => b.text === "Salta");
    await user.sendCallback(skip?.callback_data ?? "", oldPrompt.messageId);
    const answer = harness.emulator.calls.filter((c) => c.method === "answerCallbackQuery").at(-1);
    expect(answer?.body.text).toBe("Questo pulsante non è più valido.");
    expect(user.lastMessage().text).toBe("Nome della persona?");
  });

  it("waits half an hour for an answer, then closes the flow and keeps the draft", async () => {
    const user = await start();
    await user.send("/persona");
    harness.clock.advance(FLOW_TIMEOUT_MS - 1000);
    await user.send("Ada");
    expect(user.lastMessage().text).toBe("Cognome?");
    harness.clock.advance(FLOW_TIMEOUT_MS);
    await user.send("Neri");
    expect(user.lastMessage().text).toContain("Non ho capito");
    await user.send("/persona");
    expect(user.lastMessage().text).toContain("(Ada)");
  });

  it("offers the draft again when a button of a timed-out run is tapped", async () => {
    const user = await start();
    await user.send("/persona");
    await user.send("Ada");
    await user.send("Neri");
    harness.clock.advance(FLOW_TIMEOUT_MS);
    await user.tapKey("flow-skip");
    const answer = harness.emulator.calls.filter((c) => c.method === "answerCallbackQuery").at(-1);
    expect(answer?.body.text).toBe("Questo pulsante non è più valido.");
    expect(user.lastMessage().text).toBe("Hai una registrazione non finita (Ada Neri). Vuoi riprenderla?");
    await user.tapKey("flow-draft-resume");
    expect(user.lastMessage().text).toBe("Anno di nascita? (es. 1990)");
  });

  it("switches task when another command or a menu button arrives mid-flow", async () => {
    const user = await start();
    await user.send("/persona");
    await user.send("Ada");
    await user.send("/aiuto");
    expect(user.lastMessage().text).toContain("Ponte ti aiuta");
    await user.send("/persona");
    expect(user.lastMessage().text).toContain("(Ada)");
  });

  it("lets other buttons work meanwhile and then continues the flow", async () => {
    const user = await start();
    await user.send("/lingua");
    await user.send("/persona");
    await user.send("Ada");
    await user.tap("English");
    expect(user.messages().some((m) => m.text === "Language set: English.")).toBe(true);
    await user.send("Neri");
    expect(user.lastMessage().text).toMatch(/Year of birth|Anno di nascita/);
  });

  it("survives a restart mid-flow", async () => {
    const user = await start();
    await user.send("/persona");
    await user.send("Ada");
    await harness.restart();
    await user.send("Neri");
    expect(user.lastMessage().text).toBe("Anno di nascita? (es. 1990)");
  });
});
