// Internships and hires from 👤 Persone over the emulator: start (host typed once, then picked), extend, end with
// each outcome (a hire recorded with it), and a hire on its own; back, cancel, bad input, restart, taps counted.
import { afterEach, describe, expect, it } from "vitest";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;
afterEach(() => harness.stop());

const MARIO = "BOL-0001 · Mario R.";
const LUCA = "BOL-0002 · Luca B.";

// Wednesday 18 November 2026, 11:00 in Rome; everyone was taken in charge on 15 January 2026.
async function start(user: (typeof USERS)[keyof typeof USERS] = USERS.operator) {
  harness = await startHarness();
  harness.clock.set("2026-11-18T11:00:00+01:00");
  world = await seedWorld(harness.deps);
  return harness.user(user);
}

type User = ReturnType<Harness["user"]>;

/** Starts Mario's internship at a new host with typed name, today, 6 months, 20 h, 500 € paid by the programme. */
async function startAtNewHost(user: User) {
  await user.pressKey("menu-people");
  await user.tap(MARIO);
  await user.tapKey("path-action-internship_start");
  await user.send("  Cooperativa   Il Sole ");
  await user.tapKey("organisation-kind-third_sector");
  await user.tapKey("path-tutor-me");
  await user.tapKey("date-today");
  await user.tapKey("path-months-later", { months: 6 });
  await user.tap("20");
  await user.tap("500 €");
  await user.tapKey("allowance-payer-programme");
}

describe("internship start", () => {
  it("types the host once and taps the rest: 10 taps and one message", async () => {
    const operator = await start();
    await startAtNewHost(operator);
    expect(operator.lastMessage().text).toBe(
      `✅ ${MARIO}: tirocinio presso Cooperativa Il Sole dal 18/11/2026 al 18/05/2027.`,
    );
    expect(operator.taps).toBe(10);
    expect(operator.typed).toBe(1);
    const internship = await harness.deps.db.internship.findFirstOrThrow({ include: { host: true } });
    expect(internship).toMatchObject({
      personId: world.people[0]!.id,
      tutorId: world.staff.operator.id,
      startsOn: "2026-11-18",
      plannedEndOn: "2027-05-18",
      hoursPerWeek: 20,
      monthlyAllowanceCents: 50000,
      allowancePayer: "programme",
      status: "active",
    });
    expect(internship.host).toMatchObject({ name: "Cooperativa Il Sole", kind: "third_sector" });
    expect(await harness.deps.db.auditEntry.count({ where: { action: "internship.start" } })).toBe(1);
  });

  it("reuses a known host by tap, and by a typed name spelt differently, without asking its kind again", async () => {
    const operator = await start();
    await startAtNewHost(operator);
    operator.taps = 0;
    await operator.pressKey("menu-people");
    await operator.tap(LUCA);
    await operator.tapKey("path-action-internship_start");
    await operator.tap("Cooperativa Il Sole");
    await operator.tapKey("flow-skip");
    await operator.tapKey("date-today");
    await operator.tapKey("path-months-later", { months: 3 });
    await operator.tap("30");
    await operator.tapKey("path-allowance-none");
    expect(operator.lastMessage().text).toBe(
      `✅ ${LUCA}: tirocinio presso Cooperativa Il Sole dal 18/11/2026 al 18/02/2027.`,
    );
    expect(operator.taps).toBe(9);
    await operator.pressKey("menu-people");
    await operator.tap("BOL-0003");
    await operator.tapKey("path-action-internship_start");
    await operator.send("cooperativa il sole");
    expect(operator.lastMessage().text).toBe("Chi è il tutor del tirocinio?");
    expect(await harness.deps.db.organisation.count()).toBe(1);
  });

  it("explains bad hours, amounts and dates, goes back, and keeps every answer", async () => {
    const operator = await start();
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    await operator.tapKey("path-action-internship_start");
    await operator.send("X");
    expect(operator.lastMessage().text).toBe("Scrivi il nome dell'ente (da 2 a 120 caratteri).");
    await operator.send("Comune di Bollate");
    await operator.tapKey("organisation-kind-public");
    await operator.tapKey("path-tutor-me");
    await operator.send("10/01/2026");
    expect(operator.lastMessage().text).toBe(
      "La persona è in carico dal 15/01/2026: scegli una data da quel giorno in poi.",
    );
    await operator.send("02/11");
    await operator.send("01/11/2026");
    expect(operator.lastMessage().text).toBe("La fine non può precedere l'inizio del tirocinio.");
    await operator.send("30/04");
    await operator.send("60");
    expect(operator.lastMessage().text).toBe("Scrivi un numero di ore a settimana tra 1 e 48.");
    await operator.tapKey("flow-back");
    // The tapped prompt turns back into the previous question, above the explanation.
    expect(operator.messages().at(-2)?.text).toContain("Fine prevista?");
    await operator.tapKey("path-months-later", { months: 12 });
    await operator.send("25");
    await operator.send("tanti");
    expect(operator.lastMessage().text).toBe("Importo non valido: scrivi gli euro, per esempio 450 oppure 450,50.");
    await operator.send("450,50");
    await operator.tapKey("allowance-payer-regional_measure");
    expect(operator.lastMessage().text).toBe(
      `✅ ${MARIO}: tirocinio presso Comune di Bollate dal 02/11/2026 al 02/11/2027.`,
    );
    const internship = await harness.deps.db.internship.findFirstOrThrow();
    expect(internship).toMatchObject({
      hoursPerWeek: 25,
      monthlyAllowanceCents: 45050,
      allowancePayer: "regional_measure",
    });
  });

  it("survives a restart mid-flow; cancelling records nothing", async () => {
    const operator = await start();
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    await operator.tapKey("path-action-internship_start");
    await operator.send("Officina Rossi srl");
    await operator.tapKey("organisation-kind-profit");
    await harness.restart();
    await operator.tapKey("path-tutor-me");
    await operator.tapKey("date-today");
    await operator.send("/annulla");
    expect(await harness.deps.db.internship.count()).toBe(0);
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    await operator.tapKey("path-action-internship_start");
    await operator.send("Officina Rossi srl");
    await operator.tapKey("organisation-kind-profit");
    await harness.restart();
    await operator.tapKey("flow-skip");
    await operator.tapKey("date-today");
    await operator.tapKey("path-months-later", { months: 3 });
    await operator.tap("40");
    await operator.tapKey("path-allowance-none");
    expect(operator.lastMessage().text).toContain("tirocinio presso Officina Rossi srl dal 18/11/2026");
    expect(await harness.deps.db.internship.count()).toBe(1);
  });
});

describe("internship extension and end", () => {
  it("extends in 4 taps, refuses an earlier typed end, and offers no second start", async () => {
    const operator = await start();
    await startAtNewHost(operator);
    operator.taps = 0;
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    const actions = operator
      .lastMessage()
      .buttons.flat()
      .map((b) => b.text);
    expect(actions).not.toContain("💼 Avvio tirocinio");
    await operator.tapKey("path-action-internship_extend");
    expect(operator.lastMessage().text).toContain("fine prevista 18/05/2027");
    await operator.send("01/05/2027");
    expect(operator.lastMessage().text).toBe("La nuova fine deve essere dopo quella prevista (18/05/2027).");
    await operator.tapKey("path-months-later", { months: 3 });
    // The tapped prompt becomes the confirmation (the explanation stays below it).
    expect(operator.messages().map((m) => m.text)).toContain(
      `✅ ${MARIO}: tirocinio presso Cooperativa Il Sole prorogato al 18/08/2027.`,
    );
    expect(operator.taps).toBe(4);
    const extension = await harness.deps.db.internshipExtension.findFirstOrThrow();
    expect(extension).toMatchObject({ previousEndOn: "2027-05-18", newEndOn: "2027-08-18", decidedOn: "2026-11-18" });
  });

  it("ends as completed in 5 taps", async () => {
    const operator = await start();
    await startAtNewHost(operator);
    operator.taps = 0;
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    await operator.tapKey("path-action-internship_end");
    await operator.tapKey("internship-outcome-completed");
    await operator.tapKey("date-today");
    expect(operator.lastMessage().text).toBe(
      `✅ ${MARIO}: tirocinio presso Cooperativa Il Sole concluso il 18/11/2026 (Concluso).`,
    );
    expect(operator.taps).toBe(5);
    expect(await harness.deps.db.hire.count()).toBe(0);
  });

  it("ends hired by the host with the contract in 6 taps (the hire is recorded), and interrupted with its reason in 6", async () => {
    const operator = await start();
    await startAtNewHost(operator);
    operator.taps = 0;
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    await operator.tapKey("path-action-internship_end");
    await operator.tapKey("internship-outcome-hired_by_host");
    await operator.send("17/11/2026");
    expect(operator.lastMessage().text).toBe("La fine non può precedere l'inizio del tirocinio.");
    await operator.tapKey("date-today");
    await operator.tapKey("contract-apprenticeship");
    expect(operator.messages().map((m) => m.text)).toContain(
      `✅ ${MARIO}: tirocinio presso Cooperativa Il Sole concluso il 18/11/2026 (Assunto/a dall'azienda ospitante).\n🤝 Registrata anche l'assunzione.`,
    );
    expect(operator.taps).toBe(6);
    const hire = await harness.deps.db.hire.findFirstOrThrow({ include: { employer: true, internship: true } });
    expect(hire).toMatchObject({ hiredOn: "2026-11-18", contract: "apprenticeship" });
    expect(hire.employer?.name).toBe("Cooperativa Il Sole");
    expect(hire.internship?.outcome).toBe("hired_by_host");

    await operator.pressKey("menu-people");
    await operator.tap(LUCA);
    await operator.tapKey("path-action-internship_start");
    await operator.tap("Cooperativa Il Sole");
    await operator.tapKey("flow-skip");
    await operator.send("02/11");
    await operator.tapKey("path-months-later", { months: 3 });
    await operator.tap("20");
    await operator.tapKey("path-allowance-none");
    operator.taps = 0;
    await operator.pressKey("menu-people");
    await operator.tap(LUCA);
    await operator.tapKey("path-action-internship_end");
    await operator.tapKey("internship-outcome-interrupted");
    await operator.tapKey("internship-interruption-health");
    await operator.tapKey("date-today");
    expect(operator.taps).toBe(6);
    const luca = await harness.deps.db.internship.findFirstOrThrow({ where: { personId: world.people[1]!.id } });
    expect(luca).toMatchObject({ status: "ended", outcome: "interrupted", interruptionReason: "health" });
  });

  it("ends hired elsewhere in 7 taps with a new employer typed once", async () => {
    const operator = await start();
    await startAtNewHost(operator);
    operator.taps = 0;
    operator.typed = 0;
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    await operator.tapKey("path-action-internship_end");
    await operator.tapKey("internship-outcome-hired_elsewhere");
    await operator.tapKey("date-today");
    await operator.tapKey("contract-fixed_term");
    await operator.send("Logistica Nord spa");
    await operator.tapKey("organisation-kind-profit");
    expect([operator.taps, operator.typed]).toEqual([7, 1]);
    const hire = await harness.deps.db.hire.findFirstOrThrow({ include: { employer: true } });
    expect(hire.employer).toMatchObject({ name: "Logistica Nord spa", kind: "profit" });
    expect(hire.contract).toBe("fixed_term");
  });
});

describe("hire on its own", () => {
  it("records a hire months after an internship, linked to it, in 7 taps with a known employer", async () => {
    const operator = await start();
    await startAtNewHost(operator);
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    await operator.tapKey("path-action-internship_end");
    await operator.tapKey("internship-outcome-completed");
    await operator.tapKey("date-today");
    harness.clock.set("2027-03-10T10:00:00+01:00");
    operator.taps = 0;
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    await operator.tapKey("path-action-hire");
    await operator.tap("Cooperativa Il Sole");
    await operator.tapKey("contract-permanent");
    await operator.tapKey("date-today");
    expect(operator.lastMessage().text).toBe("L'assunzione è seguita a un tirocinio?");
    await operator.tapKey("path-hire-after", { host: "Cooperativa Il Sole" });
    expect(operator.lastMessage().text).toBe(
      `✅ ${MARIO}: assunta/o da Cooperativa Il Sole dal 10/03/2027 (Tempo indeterminato).`,
    );
    expect(operator.taps).toBe(7);
    const hire = await harness.deps.db.hire.findFirstOrThrow();
    expect(hire.internshipId).not.toBeNull();
    expect(await harness.deps.db.auditEntry.count({ where: { action: "hire.create" } })).toBe(1);
  });

  it("records a hire with no internship in 5 taps and refuses a future date", async () => {
    const operator = await start();
    await operator.pressKey("menu-people");
    await operator.tap(LUCA);
    await operator.tapKey("path-action-hire");
    await operator.send("Bar Centrale");
    await operator.tapKey("organisation-kind-profit");
    await operator.tapKey("contract-agency");
    await operator.send("20/12/2026");
    expect(operator.lastMessage().text).toBe("La data non può essere nel futuro.");
    await operator.send("16/11");
    expect(operator.lastMessage().text).toBe(
      `✅ ${LUCA}: assunta/o da Bar Centrale dal 16/11/2026 (Somministrazione).`,
    );
    // Typed: the new employer's name, the refused date and the right one.
    expect([operator.taps, operator.typed]).toEqual([5, 3]);
  });

  it("keeps operators of another site out", async () => {
    const stranger = await start(USERS.otherOperator);
    await stranger.pressKey("menu-people");
    expect(
      stranger
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).not.toContain(MARIO);
  });
});
