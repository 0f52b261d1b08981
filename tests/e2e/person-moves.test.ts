// 👤 Persone over the emulator: a coordinator changes a legal status, transfers and discharges a person in a few taps,
// with back, cancel, bad input and a restart mid-flow; operators cannot.
import { afterEach, describe, expect, it } from "vitest";
import { insertPerson, personInput } from "../../src/services/people.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;
afterEach(() => harness.stop());

// Wednesday 18 November 2026, 11:00 in Rome; everyone was taken in charge on 15 January 2026 as detained.
async function start(user: (typeof USERS)[keyof typeof USERS] = USERS.coordinator) {
  harness = await startHarness();
  harness.clock.set("2026-11-18T11:00:00+01:00");
  world = await seedWorld(harness.deps);
  return harness.user(user);
}

const MARIO = "BOL-0001 · Mario R.";

async function periodsOf(personId: number) {
  return harness.deps.db.legalStatusPeriod.findMany({
    where: { personId },
    orderBy: { fromOn: "asc" },
    select: { status: true, fromOn: true },
  });
}

describe("legal status from the chat", () => {
  it("takes 5 taps from the menu button: person, action, status, today", async () => {
    const coordinator = await start();
    await coordinator.pressKey("menu-people");
    await coordinator.tap(MARIO);
    await coordinator.tapKey("path-action-legal_status");
    expect(coordinator.lastMessage().text).toBe(`${MARIO} · ora: Detenuto/a – definitivo. Nuova posizione giuridica?`);
    await coordinator.tapKey("legal-probation_social_services");
    await coordinator.tapKey("date-today");
    expect(coordinator.lastMessage().text).toBe(`✅ ${MARIO}: Affidamento in prova ai servizi sociali dal 18/11/2026.`);
    expect(coordinator.taps).toBe(5);
    expect(coordinator.typed).toBe(0);
    const mario = world.people[0]!;
    expect(await periodsOf(mario.id)).toEqual([
      { status: "detained", fromOn: "2026-01-15" },
      { status: "probation_social_services", fromOn: "2026-11-18" },
    ]);
    const audit = await harness.deps.db.auditEntry.findFirstOrThrow({ where: { action: "person.legal_status" } });
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({ before: "detained", after: "probation_social_services" });
  });

  it("goes back to the status, explains a bad or too early date and keeps the choice", async () => {
    const coordinator = await start();
    await coordinator.pressKey("menu-people");
    await coordinator.tap(MARIO);
    await coordinator.tapKey("path-action-legal_status");
    await coordinator.tapKey("legal-semi_liberty");
    await coordinator.tapKey("flow-back");
    expect(coordinator.lastMessage().text).toContain("Nuova posizione giuridica?");
    await coordinator.tapKey("legal-work_outside_art21");
    await coordinator.send("31/02");
    expect(coordinator.lastMessage().text).toBe("Data non valida. Scrivi per esempio 03/11 oppure 03/11/2026.");
    await coordinator.send("10/01/2026");
    expect(coordinator.lastMessage().text).toBe(
      "La persona è in carico dal 15/01/2026: scegli una data da quel giorno in poi.",
    );
    await coordinator.send("01/12/2028");
    expect(coordinator.lastMessage().text).toBe("La data è troppo lontana nel futuro.");
    await coordinator.send("02/03");
    expect(coordinator.lastMessage().text).toBe(`✅ ${MARIO}: Lavoro all'esterno (art. 21 O.P.) dal 02/03/2026.`);
    expect(await periodsOf(world.people[0]!.id)).toEqual([
      { status: "detained", fromOn: "2026-01-15" },
      { status: "work_outside_art21", fromOn: "2026-03-02" },
    ]);
  });

  it("records nothing when cancelled, and reopening starts afresh", async () => {
    const coordinator = await start();
    await coordinator.pressKey("menu-people");
    await coordinator.tap(MARIO);
    await coordinator.tapKey("path-action-legal_status");
    await coordinator.tapKey("legal-semi_liberty");
    await coordinator.send("/annulla");
    expect(coordinator.lastMessage().text).toBe(
      "Operazione annullata: quello che non avevi confermato è stato scartato.",
    );
    await coordinator.pressKey("menu-people");
    expect(coordinator.lastMessage().text).toContain("Quale persona?");
    expect(await periodsOf(world.people[0]!.id)).toHaveLength(1);
  });

  it("survives a restart mid-flow, and a task switched away from is offered again", async () => {
    const coordinator = await start();
    await coordinator.pressKey("menu-people");
    await coordinator.tap(MARIO);
    await coordinator.tapKey("path-action-legal_status");
    await coordinator.tapKey("legal-semi_liberty");
    await harness.restart();
    await coordinator.tapKey("date-today");
    expect(coordinator.lastMessage().text).toBe(`✅ ${MARIO}: Semilibertà dal 18/11/2026.`);

    await coordinator.pressKey("menu-people");
    await coordinator.tap("BOL-0002");
    await coordinator.tapKey("path-action-legal_status");
    await coordinator.send("/aiuto");
    await coordinator.pressKey("menu-people");
    expect(coordinator.lastMessage().text).toBe(
      "Hai una registrazione non finita (BOL-0002 · Luca B.). Vuoi riprenderla?",
    );
    await coordinator.tapKey("flow-draft-resume");
    expect(coordinator.lastMessage().text).toContain("BOL-0002 · Luca B. · ora: Detenuto/a – definitivo.");
  });

  it("finds a person by typing part of the name in a long list", async () => {
    const coordinator = await start();
    for (let index = 0; index < 45; index++) {
      await harness.deps.db.$transaction((tx) =>
        insertPerson(
          tx,
          harness.deps,
          world.bollate,
          personInput.parse({
            siteId: world.bollate.id,
            givenName: `Nome${index}`,
            familyName: "Zeta",
            legalStatus: "detained",
            intakeOn: "2026-02-01",
          }),
        ),
      );
    }
    await coordinator.pressKey("menu-people");
    const first = coordinator.lastMessage();
    expect(first.text).toContain("Pagina 1 di 3");
    expect(first.buttons.flat().length).toBeLessThanOrEqual(100);
    await coordinator.send("giulia");
    await coordinator.tap("BOL-0003 · Giulia R.");
    expect(coordinator.lastMessage().text).toBe("BOL-0003 · Giulia R.: cosa vuoi registrare?");
  });
});

describe("transfer and discharge", () => {
  it("transfers a person to another site in 5 taps: closed here from that day, open there", async () => {
    const coordinator = await start();
    await coordinator.pressKey("menu-people");
    await coordinator.tap(MARIO);
    await coordinator.tapKey("path-action-transfer");
    await coordinator.tap("CR Milano-Opera");
    await coordinator.tapKey("date-today");
    expect(coordinator.lastMessage().text).toBe(`✅ ${MARIO} trasferita/o a CR Milano-Opera dal 18/11/2026.`);
    expect(coordinator.taps).toBe(5);
    const sites = await harness.deps.db.personSite.findMany({
      where: { personId: world.people[0]!.id },
      orderBy: { fromOn: "asc" },
      select: { siteId: true, fromOn: true, toOn: true },
    });
    expect(sites).toEqual([
      { siteId: world.bollate.id, fromOn: "2026-01-15", toOn: "2026-11-18" },
      { siteId: world.opera.id, fromOn: "2026-11-18", toOn: null },
    ]);
    // Bollate's coordinator no longer finds Mario; a future date is refused before anything is saved.
    await coordinator.pressKey("menu-people");
    expect(
      coordinator
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).not.toContain(MARIO);
    await coordinator.tap("BOL-0002");
    await coordinator.tapKey("path-action-transfer");
    await coordinator.tap("CR Milano-Opera");
    await coordinator.send("25/12/2026");
    expect(coordinator.lastMessage().text).toBe("La data non può essere nel futuro.");
  });

  it("discharges in 6 taps with a confirmation: the person leaves the lists and the record keeps date and outcome", async () => {
    const coordinator = await start();
    await coordinator.pressKey("menu-people");
    await coordinator.tap(MARIO);
    await coordinator.tapKey("path-action-discharge");
    await coordinator.tapKey("discharge-outcome-goals_achieved");
    await coordinator.send("16/11");
    expect(coordinator.lastMessage().text).toContain(`Dimettere ${MARIO} il 16/11/2026 (Obiettivi raggiunti)?`);
    await coordinator.tapKey("flow-back");
    await coordinator.tapKey("date-today");
    await coordinator.tapKey("path-discharge-confirm");
    expect(coordinator.lastMessage().text).toBe(`✅ ${MARIO} dimessa/o il 18/11/2026: Obiettivi raggiunti.`);
    expect(coordinator.taps).toBe(7);
    const mario = await harness.deps.db.person.findUniqueOrThrow({ where: { id: world.people[0]!.id } });
    expect([mario.dischargeOn, mario.dischargeOutcome]).toEqual(["2026-11-18", "goals_achieved"]);
    expect(await harness.deps.db.auditEntry.count({ where: { action: "person.discharge" } })).toBe(1);
    harness.clock.set("2026-11-19T09:00:00+01:00");
    await coordinator.pressKey("menu-people");
    expect(
      coordinator
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).not.toContain(MARIO);
  });

  it("discharges in exactly 6 taps when nothing is changed", async () => {
    const coordinator = await start();
    await coordinator.pressKey("menu-people");
    await coordinator.tap(MARIO);
    await coordinator.tapKey("path-action-discharge");
    await coordinator.tapKey("discharge-outcome-end_of_sentence");
    await coordinator.tapKey("date-today");
    await coordinator.tapKey("path-discharge-confirm");
    expect(coordinator.lastMessage().text).toBe(`✅ ${MARIO} dimessa/o il 18/11/2026: Fine pena.`);
    expect(coordinator.taps).toBe(6);
    expect(coordinator.typed).toBe(0);
  });

  it("gives operators the internship steps but not the coordinators' changes", async () => {
    const operator = await start(USERS.operator);
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    const actions = operator
      .lastMessage()
      .buttons.flat()
      .map((b) => b.text);
    expect(actions).toContain("💼 Avvio tirocinio");
    for (const coordinatorsOnly of ["⚖️ Posizione giuridica", "🔀 Trasferimento", "🚪 Dimissione"])
      expect(actions).not.toContain(coordinatorsOnly);
  });
});
