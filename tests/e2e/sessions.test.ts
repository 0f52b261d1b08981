// Individual sessions end to end: tap budget, search, validation of typed answers, goals, team meetings, batch
// logging, back/cancel/timeout/restart, corrections and co-authors.
import { afterEach, describe, expect, it } from "vitest";
import { FLOW_TIMEOUT_MS } from "../../src/bot/flows/kit.ts";
import { logSession } from "../../src/services/sessions.ts";
import { addStaff, seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { seedPlan } from "../helpers/plan-fixtures.ts";

let harness: Harness;
let world: World;

// Wednesday 18 November 2026, 11:00 in Rome; the operator logged a session with Mario two days ago.
async function setUp() {
  harness = await startHarness();
  world = await seedWorld(harness.deps);
  harness.clock.set("2026-11-16T17:00:00+01:00");
  await logSession(harness.deps, world.staff.operator.actor, {
    personIds: [mario().id],
    kind: "individual_social",
    occurredOn: "2026-11-16",
    durationMinutes: 30,
    clientRef: "seed-session-1",
  });
  harness.clock.set("2026-11-18T11:00:00+01:00");
}

afterEach(async () => {
  await harness.stop();
});

const mario = () => world.people[0]!;
const luca = () => world.people[1]!;
const giulia = () => world.people[2]!;
/** Sessions logged in the test, newest last (the seeded one excluded). */
const logged = () =>
  harness.deps.db.session.findMany({
    where: { clientRef: { not: "seed-session-1" } },
    include: { attendance: true, goals: true, operators: true },
    orderBy: { id: "asc" },
  });
const buttons = (user: ReturnType<Harness["user"]>) =>
  user
    .lastMessage()
    .buttons.flat()
    .map((b) => b.text);

describe("individual sessions", () => {
  it("logs a session for a recent person in at most 6 taps and no typing", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.pressKey("menu-session");
    expect(operator.lastMessage().text).toBe(
      "Per chi? Tocca una persona recente, oppure scrivi un codice o parte del nome.",
    );
    expect(buttons(operator)[0]).toBe(`${mario().code} · Mario R.`);
    await operator.tap("Mario R.");
    await operator.tapKey("session-kind-individual_educational");
    await operator.tapKey("date-today");
    await operator.tap("1 h");
    await operator.tapKey("flow-skip");
    expect(operator.taps).toBeLessThanOrEqual(6);
    expect(operator.typed).toBe(0);
    expect(operator.lastMessage().text).toBe(
      `✅ Sessione salvata: ${mario().code} · Mario R. — Colloquio educativo, mer 18/11, 1 h`,
    );
    const [saved] = await logged();
    expect(saved).toMatchObject({
      kind: "individual_educational",
      occurredOn: "2026-11-18",
      durationMinutes: 60,
      noteEnc: null,
    });
    expect(saved!.attendance.map((a) => a.personId)).toEqual([mario().id]);
  });

  it("still opens from the button's former label, which stays on phones until the menu is sent again", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.pressKey("menu-session-formerly");
    expect(operator.lastMessage().text).toBe(
      "Per chi? Tocca una persona recente, oppure scrivi un codice o parte del nome.",
    );
    await operator.send("/annulla");
    await operator.pressKey("menu-plan-formerly");
    expect(operator.lastMessage().text).toContain("Di chi vuoi vedere il Progetto (PEI)?");
  });

  it("finds people by typed code or name, shows several matches as buttons and nobody outside the scope", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/sessione");
    await operator.send("benali");
    expect(operator.lastMessage().text).toBe(
      "Nessuna persona trovata per «benali» tra quelle che segui. Riprova con un codice o un altro nome.",
    );
    await operator.send("ross");
    expect(operator.lastMessage().text).toBe("Ho trovato 2 persone: tocca quella giusta, oppure scrivi di nuovo.");
    expect(buttons(operator)).toEqual(
      expect.arrayContaining([`${mario().code} · Mario R.`, `${giulia().code} · Giulia R.`]),
    );
    await operator.tapKey("flow-back");
    expect(operator.lastMessage().text).toContain("Per chi?");
    await operator.send(luca().code.toLowerCase().replace("-", ""));
    expect(operator.lastMessage().text).toContain(`${luca().code} · Luca B.\nChe tipo di intervento?`);
    expect(operator.transcript()).not.toMatch(/Bianchi|Rossetti|Benali/);
  });

  it("explains a bad date or duration and keeps the flow at the same step", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/sessione");
    await operator.tap("Mario R.");
    await operator.tapKey("session-kind-individual_psychological");
    await operator.send("32/13");
    expect(operator.lastMessage().text).toBe("Data non valida. Scrivi per esempio 03/11 oppure 03/11/2026.");
    await operator.send("10/01/2026");
    expect(operator.lastMessage().text).toBe(
      "La persona è in carico dal 15/01: scegli una data da quel giorno in poi.",
    );
    await operator.send("17/11");
    expect(operator.lastMessage().text).toContain("mar 17/11\nQuanto è durato?");
    await operator.send("4");
    expect(operator.lastMessage().text).toBe("Durata non valida: scrivi i minuti, da 5′ a 10 h (es. 40 oppure 1h15).");
    await operator.send("tanto");
    expect(operator.lastMessage().text).toBe("Durata non valida: scrivi i minuti, da 5′ a 10 h (es. 40 oppure 1h15).");
    await operator.send("1h15");
    await operator.send("y".repeat(1200));
    expect(operator.lastMessage().text).toBe(
      "La nota può avere al massimo 1000 caratteri (la tua ne ha 1200). Accorciala e rimandala.",
    );
    await operator.send("Ha parlato del lavoro in cucina");
    const [saved] = await logged();
    expect(saved).toMatchObject({ kind: "individual_psychological", occurredOn: "2026-11-17", durationMinutes: 75 });
    expect(harness.deps.cipher.decrypt(saved!.noteEnc!, "Session.noteEnc", saved!.id)).toBe(
      "Ha parlato del lavoro in cucina",
    );
  });

  it("links a goal of the person's active plan", async () => {
    await setUp();
    const plan = await seedPlan(harness.deps, mario().id, {
      goals: [{ area: "work_training", text: "Ottenere l'attestato HACCP" }],
    });
    const goal = await harness.deps.db.planGoal.findFirstOrThrow({ where: { planId: plan.id } });
    const operator = harness.user(USERS.operator);
    await operator.send("/sessione");
    await operator.tap("Mario R.");
    await operator.tapKey("session-kind-individual_educational");
    await operator.tapKey("date-today");
    await operator.tap("45′");
    expect(operator.lastMessage().text).toContain("A quale obiettivo del Progetto (PEI) si riferisce?");
    await operator.tap("HACCP");
    await operator.tapKey("flow-skip");
    const [saved] = await logged();
    expect(saved!.goals.map((g) => g.goalId)).toEqual([goal.id]);
  });

  it("logs a team meeting about several people", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/sessione");
    await operator.tap("Mario R.");
    await operator.tapKey("session-kind-team_meeting");
    expect(operator.lastMessage().text).toContain("La riunione riguarda altre persone?");
    await operator.send("bianchi");
    expect(operator.lastMessage().text).toContain(`${mario().code} · Mario R., ${luca().code} · Luca B.`);
    await operator.tapKey("session-people-done");
    await operator.tapKey("date-today");
    await operator.tap("1 h 30′");
    await operator.tapKey("flow-skip");
    const [saved] = await logged();
    expect(saved!.kind).toBe("team_meeting");
    expect(saved!.attendance.map((a) => a.personId).sort()).toEqual([mario().id, luca().id].sort());
  });

  it("batch-logs a morning's four sessions with one-tap repeats", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.pressKey("menu-session");
    await operator.tap("Mario R.");
    await operator.tapKey("session-kind-individual_educational");
    await operator.tapKey("date-yesterday");
    await operator.tap("45′");
    await operator.tapKey("flow-skip");

    await operator.tapKey("session-again-person");
    expect(operator.lastMessage().text).toContain("Che tipo di intervento?");
    await operator.tapKey("session-kind-phone_contact");
    await operator.tapKey("date-yesterday");
    await operator.tap("30′");
    await operator.tapKey("flow-skip");

    await operator.tapKey("session-again-date");
    await operator.send("BOL-0002");
    await operator.tapKey("session-kind-individual_educational");
    expect(operator.lastMessage().text).toContain("Quanto è durato?");
    await operator.tap("1 h");
    await operator.tapKey("flow-skip");

    await operator.tapKey("session-again-repeat");
    await operator.send("BOL-0003");
    expect(operator.lastMessage().text).toContain("Nota (facoltativa");
    await operator.tapKey("flow-skip");

    expect(operator.taps + operator.typed).toBeLessThanOrEqual(22);
    const all = await logged();
    expect(all.map((s) => [s.attendance[0]!.personId, s.kind, s.occurredOn, s.durationMinutes])).toEqual([
      [mario().id, "individual_educational", "2026-11-17", 45],
      [mario().id, "phone_contact", "2026-11-17", 30],
      [luca().id, "individual_educational", "2026-11-17", 60],
      [giulia().id, "individual_educational", "2026-11-17", 60],
    ]);
  });

  it("goes back a step; an entry left for another task is offered again, a cancelled one is not", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/sessione");
    await operator.tap("Mario R.");
    await operator.tapKey("session-kind-individual_social");
    await operator.tapKey("flow-back");
    expect(operator.lastMessage().text).toContain("Che tipo di intervento?");
    await operator.tapKey("session-kind-home_visit");
    await operator.tapKey("date-today");
    await operator.send("/eventi");
    await operator.pressKey("menu-session");
    expect(operator.lastMessage().text).toBe(
      `Hai una registrazione non finita (${mario().code} — Visita domiciliare). Vuoi riprenderla?`,
    );
    await operator.tapKey("flow-draft-resume");
    expect(operator.lastMessage().text).toContain("Quanto è durato?");
    await operator.tap("1 h 30′");
    await operator.send("/annulla");
    expect(operator.lastMessage().text).toBe("Operazione annullata: quello che non avevi confermato è stato scartato.");
    await operator.pressKey("menu-session");
    expect(operator.lastMessage().text).toContain("Per chi?");
    expect(await logged()).toHaveLength(0);
  });

  it("after a timeout says the button expired and offers the draft again", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/sessione");
    await operator.tap("Mario R.");
    await operator.tapKey("session-kind-mediation");
    harness.clock.advance(FLOW_TIMEOUT_MS);
    await operator.tapKey("date-today");
    const expired = harness.emulator.calls.filter(
      (c) => c.method === "answerCallbackQuery" && c.body.text === "Questo pulsante non è più valido.",
    );
    expect(expired).toHaveLength(1);
    expect(operator.lastMessage().text).toContain("Hai una registrazione non finita");
    await operator.tapKey("flow-draft-resume");
    await operator.tapKey("date-today");
    await operator.tap("30′");
    await operator.tapKey("flow-skip");
    expect((await logged())[0]).toMatchObject({ kind: "mediation", durationMinutes: 30 });
  });

  it("continues after a restart mid-flow and saves exactly once", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/sessione");
    await operator.tap("Mario R.");
    await operator.tapKey("session-kind-accompaniment");
    await harness.restart();
    await operator.tapKey("date-today");
    await operator.tap("45′");
    await harness.restart();
    await operator.send("Accompagnato al SerD");
    expect(operator.lastMessage().text).toContain("✅ Sessione salvata");
    const all = await logged();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ kind: "accompaniment", durationMinutes: 45 });
  });
});

describe("corrections", () => {
  it("lets the author edit from the saved message within 24 hours, then only a coordinator", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/sessione");
    await operator.tap("Mario R.");
    await operator.tapKey("session-kind-individual_educational");
    await operator.tapKey("date-today");
    await operator.tap("45′");
    await operator.tapKey("flow-skip");
    await operator.tapKey("session-edit");
    expect(operator.lastMessage().text).toContain("Cosa vuoi correggere?");
    await operator.tapKey("session-correct-duration");
    await operator.send("700");
    expect(operator.lastMessage().text).toBe("Durata non valida: scrivi i minuti, da 5′ a 10 h (es. 40 oppure 1h15).");
    await operator.tap("1 h 30′");
    // The prompt the user tapped turns into the outcome.
    expect(operator.messages().map((m) => m.text)).toContain("✅ Correzione salvata.");

    harness.clock.advance(25 * 3600_000);
    await operator.send("/correggi");
    expect(operator.lastMessage().text).toContain("Non ci sono registrazioni che puoi correggere");

    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/correggi");
    await coordinator.tapKey("session-kind-individual_educational");
    await coordinator.tapKey("session-correct-date");
    await coordinator.send("16/11");
    expect(coordinator.lastMessage().text).toBe("✅ Correzione salvata.");
    const [saved] = await logged();
    expect(saved).toMatchObject({ durationMinutes: 90, occurredOn: "2026-11-16" });
    const audit = await harness.deps.db.auditEntry.findMany({
      where: { action: "session.correct" },
      orderBy: { id: "asc" },
    });
    expect(
      audit.map((a) => [a.actorId, JSON.parse(a.details ?? "{}").before, JSON.parse(a.details ?? "{}").after]),
    ).toMatchObject([
      [world.staff.operator.id, { durationMinutes: 45 }, { durationMinutes: 90 }],
      [world.staff.coordinator.id, { occurredOn: "2026-11-18" }, { occurredOn: "2026-11-16" }],
    ]);
  });

  it("adds co-authors and undoes from the saved message", async () => {
    await setUp();
    const colleague = await addStaff(harness.deps, { id: 3003, firstName: "Paola", lastName: "Psicologa" }, [
      { role: "operator", siteId: world.bollate.id },
    ]);
    const operator = harness.user(USERS.operator);
    await operator.send("/sessione");
    await operator.tap("Mario R.");
    await operator.tapKey("session-kind-individual_psychological");
    await operator.tapKey("date-today");
    await operator.tap("1 h");
    await operator.tapKey("flow-skip");
    const savedMessage = operator.lastMessage().messageId;
    await operator.tapKey("session-add-coauthors");
    await operator.tap("Paola Psicologa");
    await operator.tapKey("flow-confirm");
    expect(operator.lastMessage().text).toBe("👥 Co-autori salvati: 1.");
    expect((await logged())[0]!.operators.map((o) => o.staffId).sort()).toEqual(
      [world.staff.operator.id, colleague.id].sort(),
    );
    await operator.tapKey("session-undo");
    expect(operator.messages().find((m) => m.messageId === savedMessage)).toMatchObject({
      text: "↩️ Registrazione annullata.",
      buttons: [],
    });
    expect((await logged())[0]!.voidedAt).not.toBeNull();
  });
});
