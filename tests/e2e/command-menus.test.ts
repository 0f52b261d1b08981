// Command menus and the reply keyboard follow each user's roles and language: newcomers see only /start, an operator
// no admin commands, and a role or language change shows up in both at once; a deactivation takes the menu back.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { publishNewcomerCommands } from "../../src/bot/command-menu.ts";
import { deactivateStaff } from "../../src/services/staff.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;

beforeEach(async () => {
  harness = await startHarness();
  world = await seedWorld(harness.deps);
  await publishNewcomerCommands(harness.bot.api, harness.deps.logger);
});
afterEach(async () => {
  await harness.stop();
});

const menuOf = (userId: number, language = "it") =>
  harness.emulator.commandsShownTo(userId, language).map((entry) => entry.command);

describe("command menus per role", () => {
  it("shows newcomers only /start, in either language", async () => {
    expect(menuOf(USERS.stranger.id)).toEqual(["start"]);
    expect(harness.emulator.commandsShownTo(USERS.stranger.id, "en")).toEqual([
      { command: "start", description: "Start, also with an invitation code" },
    ]);
    const stranger = harness.user(USERS.stranger);
    await stranger.send("/aiuto");
    expect(menuOf(USERS.stranger.id)).toEqual(["start"]);
  });

  it("gives an operator the logging commands and no admin ones, an admin everything", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/aiuto");
    const operatorMenu = menuOf(USERS.operator.id);
    expect(operatorMenu).toEqual(
      expect.arrayContaining(["presenze", "sessione", "evento", "piano", "aiuto", "lingua"]),
    );
    for (const command of ["invito", "disattiva", "nuovasede", "nuovoprogetto", "riepilogo", "audit", "staff"])
      expect(operatorMenu).not.toContain(command);
    // /aiuto lists the same commands the menu shows.
    expect(operator.lastMessage().text).toContain("/presenze");
    expect(operator.lastMessage().text).not.toContain("/invito");
    expect(operator.lastMessage().replyKeyboard).toEqual([
      ["📋 Presenze", "📝 Colloquio"],
      ["🚨 Evento critico"],
      ["📁 Progetto (PEI)"],
      ["👤 Persone"],
    ]);

    const admin = harness.user(USERS.admin);
    await admin.send("/aiuto");
    expect(menuOf(USERS.admin.id)).toEqual(
      expect.arrayContaining(["presenze", "riepilogo", "invito", "disattiva", "nuovasede", "nuovoprogetto", "staff"]),
    );

    const onCall = harness.user(USERS.onCall);
    await onCall.send("/aiuto");
    expect(menuOf(USERS.onCall.id)).toContain("piano");
    expect(menuOf(USERS.onCall.id)).not.toContain("presenze");
    expect(onCall.lastMessage().replyKeyboard).toEqual([["📁 Progetto (PEI)"]]);
  });

  it("publishes a user's menu once, not at every update", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/aiuto");
    await operator.send("/aiuto");
    await operator.pressKey("menu-plan");
    const published = harness.emulator.calls.filter(
      (call) =>
        call.method === "setMyCommands" && (call.body.scope as { chat_id?: number })?.chat_id === USERS.operator.id,
    );
    expect(published).toHaveLength(1);
  });

  it("follows a role given outside the chat (an import) at the next update, with the keyboard", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/aiuto");
    expect(menuOf(USERS.operator.id)).not.toContain("riepilogo");
    await harness.deps.db.membership.create({
      data: {
        staffId: world.staff.operator.id,
        role: "coordinator",
        siteId: world.bollate.id,
        createdAt: harness.deps.clock(),
      },
    });
    await operator.pressKey("menu-plan");
    expect(menuOf(USERS.operator.id)).toEqual(expect.arrayContaining(["riepilogo", "invito", "presenze"]));
    const notice = operator.messages().find((m) => m.text.startsWith("I tuoi compiti sono cambiati"));
    expect(notice?.replyKeyboard).toEqual([
      ["📋 Presenze", "📝 Colloquio"],
      ["🚨 Evento critico"],
      ["📁 Progetto (PEI)", "📊 Riepilogo"],
      ["👤 Persone"],
    ]);
    // The press still opened the plan look-up after the notice.
    expect(operator.lastMessage().text).not.toContain("I tuoi compiti sono cambiati");
  });

  it("switches menu and keyboard to English with /lingua, without a second notice", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/lingua");
    await operator.tap("English");
    expect(menuOf(USERS.operator.id)).toEqual(expect.arrayContaining(["attendance", "session", "plan", "language"]));
    expect(menuOf(USERS.operator.id)).not.toContain("presenze");
    expect(operator.lastMessage().replyKeyboard?.flat()).toEqual([
      "📋 Attendance",
      "📝 Session",
      "🚨 Critical event",
      "📁 Plan (PEI)",
      "👤 People",
    ]);
    const before = operator.messages().length;
    await operator.send("/help");
    expect(operator.messages()).toHaveLength(before + 1);
    expect(operator.lastMessage().text).toContain("/attendance");
  });

  it("follows a language changed outside the chat (an import) at the next update, keyboard included", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/aiuto");
    await harness.deps.db.staff.update({ where: { id: world.staff.operator.id }, data: { locale: "en" } });
    await operator.send("/aiuto");
    expect(menuOf(USERS.operator.id)).toContain("attendance");
    const notice = operator.messages().find((m) => m.text.startsWith("Your tasks have changed"));
    expect(notice?.replyKeyboard?.flat()).toEqual([
      "📋 Attendance",
      "📝 Session",
      "🚨 Critical event",
      "📁 Plan (PEI)",
      "👤 People",
    ]);
    expect(operator.lastMessage().text).toContain("/attendance");
  });

  it("gives an operator invited as coordinator the new role's menu and keyboard at once", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/aiuto");
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/invito");
    await coordinator.tapKey("role-coordinator");
    const code = coordinator.lastMessage().text.match(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}/)?.[0] ?? "";
    await operator.send(`/start ${code.replace(/-/g, "")}`);
    expect(operator.lastMessage().text).toContain("il nuovo incarico è attivo");
    expect(operator.lastMessage().replyKeyboard?.flat()).toContain("📊 Riepilogo");
    expect(menuOf(USERS.operator.id)).toEqual(expect.arrayContaining(["riepilogo", "invito", "presenze"]));
    const roles = await harness.deps.db.membership.findMany({ where: { staffId: world.staff.operator.id } });
    expect(roles.map((m) => m.role).sort()).toEqual(["coordinator", "operator"]);
  });

  it("takes the menu back from someone deactivated outside the chat (the CLI) at their next update", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/aiuto");
    expect(menuOf(USERS.operator.id)).toContain("presenze");
    await deactivateStaff(harness.deps, null, world.staff.operator.id);
    await operator.send("/aiuto");
    expect(menuOf(USERS.operator.id)).toEqual(["start"]);
    expect(operator.lastMessage().text).toContain("accesso su invito");
  });

  it("gives an invited newcomer the menu of their role, and takes it back on deactivation", async () => {
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/invito");
    await coordinator.tapKey("role-operator");
    const code = coordinator.lastMessage().text.match(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}/)?.[0] ?? "";
    const newcomer = harness.user({ id: 7007, firstName: "Nadia" });
    await newcomer.send(`/start ${code.replace(/-/g, "")}`);
    expect(menuOf(7007)).toContain("presenze");
    expect(menuOf(7007)).not.toContain("invito");

    await coordinator.send("/disattiva");
    await coordinator.tap("Nadia");
    await coordinator.tapKey("deactivate-yes");
    expect(menuOf(7007)).toEqual(["start"]);
  });
});
