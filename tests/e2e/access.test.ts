// Access end to end: bootstrap admins, invitations, strangers, deactivation and group chats, over the emulator.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;

beforeEach(async () => {
  harness = await startHarness({ bootstrapAdminIds: [5005] });
  world = await seedWorld(harness.deps);
});
afterEach(async () => {
  await harness.stop();
});

function inviteCodeFrom(text: string): string {
  const match = text.match(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}/);
  if (!match) throw new Error(`no invite code in: ${text}`);
  return match[0];
}

describe("access", () => {
  it("makes a bootstrap admin on the first /start and shows the main menu", async () => {
    const admin = harness.user({ id: 5005, firstName: "Bea" });
    await admin.send("/start");
    const reply = admin.lastMessage();
    expect(reply.text).toContain("amministratore");
    expect(reply.replyKeyboard?.flat()).toEqual([
      "📋 Presenze",
      "📝 Colloquio",
      "🚨 Evento critico",
      "📁 Progetto (PEI)",
      "📊 Riepilogo",
      "👤 Persone",
    ]);
  });

  it("refuses strangers for commands, text and buttons without showing a menu or data", async () => {
    const stranger = harness.user(USERS.stranger);
    await stranger.send("/start");
    await stranger.send("/piano BOL-0001");
    await stranger.send("rossi");
    await stranger.sendCallback("f:abc:1:c0", 1);
    const messages = stranger.messages();
    expect(messages).toHaveLength(3);
    for (const message of messages) {
      expect(message.text).toBe(
        "Ponte è ad accesso su invito. Chiedi un codice di invito al tuo coordinatore e invialo qui.",
      );
      expect(message.replyKeyboard).toBeNull();
      expect(message.buttons).toEqual([]);
    }
    const alert = harness.emulator.calls.find((c) => c.method === "answerCallbackQuery");
    expect(alert?.body.text).toBe("Accesso solo su invito.");
  });

  it("lets a coordinator invite an operator who joins with the deep link, once", async () => {
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/invito");
    await coordinator.tapKey("role-operator");
    const code = inviteCodeFrom(coordinator.lastMessage().text);
    expect(coordinator.lastMessage().text).toContain("https://t.me/ponte_test_bot?start=");

    const newcomer = harness.user({ id: 7007, firstName: "Nadia", languageCode: "en" });
    await newcomer.send(`/start ${code.replace(/-/g, "")}`);
    expect(newcomer.lastMessage().text).toContain("Welcome to Ponte, Nadia");
    const staff = await harness.deps.db.staff.findUnique({
      where: { telegramId: 7007n },
      include: { memberships: true },
    });
    expect(staff?.memberships.map((m) => [m.role, m.siteId])).toEqual([["operator", world.bollate.id]]);

    const second = harness.user({ id: 7008, firstName: "Secondo" });
    await second.send(code.toLowerCase());
    expect(second.lastMessage().text).toBe("Codice non valido o scaduto. Chiedi un nuovo codice al tuo coordinatore.");
  });

  it("refuses an expired invite code with the same words as an unknown one", async () => {
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/invito");
    await coordinator.tapKey("role-on_call");
    const code = inviteCodeFrom(coordinator.lastMessage().text);
    harness.clock.advance(73 * 3600_000);
    const late = harness.user({ id: 7009, firstName: "Tardi" });
    await late.send(code);
    await late.send("ZZZZ-ZZZZ-ZZ");
    expect(late.messages().map((m) => m.text)).toEqual([
      "Codice non valido o scaduto. Chiedi un nuovo codice al tuo coordinatore.",
      "Codice non valido o scaduto. Chiedi un nuovo codice al tuo coordinatore.",
    ]);
  });

  it("keeps counting wrong invite codes across a restart: the sixth in 15 minutes is refused", async () => {
    const guesser = harness.user({ id: 7010, firstName: "Indovino" });
    for (const code of ["AAAA-AAAA-AA", "BBBB-BBBB-BB", "CCCC-CCCC-CC"]) await guesser.send(code);
    await harness.restart();
    for (const code of ["DDDD-DDDD-DD", "EEEE-EEEE-EE", "FFFF-FFFF-FF"]) await guesser.send(code);
    expect(guesser.messages().map((m) => m.text)).toEqual([
      ...Array(5).fill("Codice non valido o scaduto. Chiedi un nuovo codice al tuo coordinatore."),
      "Troppi tentativi. Riprova tra un quarto d'ora.",
    ]);
  });

  it("does not let an operator invite anyone", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/invito");
    expect(operator.lastMessage().text).toBe("Non hai i permessi per questa operazione.");
    expect(await harness.deps.db.invite.count()).toBe(0);
  });

  it("deactivation takes effect on the deactivated user's next update", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/start");
    expect(operator.lastMessage().text).toContain("Ciao Omar");

    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/disattiva");
    await coordinator.tap("Omar Operatore");
    await coordinator.tapKey("deactivate-yes");
    expect(coordinator.lastMessage().text).toBe("Omar Operatore è stata/o disattivata/o.");

    await operator.send("/start");
    expect(operator.lastMessage().text).toContain("accesso su invito");
  });

  it("refuses data commands in group chats", async () => {
    const operator = harness.user(USERS.operator, { id: -100123, type: "group", title: "Équipe" });
    await operator.send("/piano BOL-0001");
    expect(operator.lastMessage().text).toBe("Ponte lavora solo in chat privata: scrivimi direttamente.");
  });

  it("switches language with /lingua", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/lingua");
    await operator.tap("English");
    expect(operator.lastMessage().replyKeyboard?.flat()).toContain("📋 Attendance");
    await operator.send("/aiuto");
    expect(operator.lastMessage().text).toContain("/attendance");
  });
});
