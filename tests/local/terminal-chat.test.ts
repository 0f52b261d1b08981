// The terminal chat of `npm run local` against the real bot: numbers tap buttons, m<N> presses the menu,
// edits are shown in place, and messages for another demo user are announced and shown after /switch.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enqueueDelivery } from "../../src/services/deliveries.ts";
import { TerminalChat } from "../../src/local/terminal-chat.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { BOT_TOKEN, type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;
let chat: TerminalChat;
let output: string[];
let typedByUser: string[];
const filesDir = `.tmp/local-files-${randomUUID()}`;

beforeEach(async () => {
  harness = await startHarness();
  world = await seedWorld(harness.deps);
  output = [];
  typedByUser = [];
  const server = harness.emulator.server;
  const addUserMessage = server.addUserMessage.bind(server);
  server.addUserMessage = async (message) => {
    typedByUser.push(String((message as { text?: string }).text));
    return addUserMessage(message);
  };
  chat = new TerminalChat({
    emulator: harness.emulator,
    token: BOT_TOKEN,
    identities: [
      { label: "Anna — admin", profile: USERS.admin },
      { label: "Carla — coordinatrice", profile: USERS.coordinator },
    ],
    filesDir,
    write: (text) => output.push(text),
    waitForHandled: async (updateId) => {
      await harness.waitForHandled(updateId);
      await harness.outbox.idle();
    },
  });
});
afterEach(async () => {
  chat.dispose();
  await harness.stop();
  rmSync(filesDir, { recursive: true, force: true });
});

const printed = () => output.join("\n");

describe("terminal chat", () => {
  it("taps inline buttons by number, shows the edited prompt, and presses menu buttons by m<N>", async () => {
    await chat.handleLine("1");
    expect(chat.currentName).toBe("Anna Admin");
    await chat.handleLine("/start");
    expect(printed()).toContain(
      "Menu: [m1] 📋 Presenze  [m2] 📝 Colloquio  [m3] 🚨 Evento critico  [m4] 📁 Progetto (PEI)  [m5] 📊 Riepilogo  [m6] 👤 Persone",
    );

    await chat.handleLine("/invito");
    expect(printed()).toMatch(
      /Quale ruolo avrà la persona invitata\?\n {3}\[1\] Amministratore\n {3}\[2\] Coordinatore\n {3}\[3\] Operatore/,
    );
    output = [];
    await chat.handleLine("3");
    expect(printed()).toMatch(/^🤖 ✏️ Per quale sede\?\n {3}\[1\] CR Milano-Bollate\n {3}\[2\] CR Milano-Opera/);
    output = [];
    await chat.handleLine("1");
    expect(printed()).toMatch(/^🤖 ✏️ Codice di invito: [A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}/);
    expect(printed()).not.toContain("[1]");

    await chat.handleLine("m4");
    await chat.handleLine("\\2");
    await chat.handleLine("7");
    expect(typedByUser).toEqual(["📁 Progetto (PEI)", "2", "7"]);
  });

  it("announces messages for another demo user and shows them, with saved files, after /switch", async () => {
    await chat.handleLine("1");
    const recipientId = world.staff.coordinator.id;
    const file = { base64: Buffer.from("a;b\n1;2\n").toString("base64"), filename: "export.csv" };
    await enqueueDelivery(
      harness.deps.db,
      harness.deps.cipher,
      { dedupeKey: "demo-file", kind: "alert", recipientId, message: { document: file } },
      harness.clock.now(),
    );
    await enqueueDelivery(
      harness.deps.db,
      harness.deps.cipher,
      {
        dedupeKey: "demo-alert",
        kind: "alert",
        recipientId,
        message: { text: "Nuovo evento critico a Bollate" },
        after: "demo-file",
      },
      harness.clock.now(),
    );
    harness.outbox.kick();
    await harness.outbox.idle();
    chat.flush();
    expect(printed()).toContain("📨 Carla Coordinatrice: 2 messaggi nuovi / new messages — /switch, 2");

    output = [];
    await chat.handleLine("/switch");
    await chat.handleLine("2");
    expect(printed()).toContain("🤖 Nuovo evento critico a Bollate");
    const saved = printed().match(/📎 (\S+export\.csv)/)?.[1];
    expect(saved && existsSync(saved) && readFileSync(saved, "utf8")).toBe("a;b\n1;2\n");
  });
});
