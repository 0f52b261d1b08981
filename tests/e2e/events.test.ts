// Critical events end to end: report from the chat, alert, acknowledge, follow up and close, over the emulator.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChatUser } from "../../src/local/chat-user.ts";
import { addOnCallShift } from "../../src/services/on-call.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;
const HOUR = 3600_000;

beforeEach(async () => {
  harness = await startHarness();
  world = await seedWorld(harness.deps);
});
afterEach(async () => {
  await harness.stop();
});

async function reportSelfHarm(operator: ChatUser): Promise<void> {
  await operator.send("/evento");
  await operator.send("BOL-0001");
  await operator.tap("BOL-0001 · Mario R.");
  await operator.tapKey("events-kind-self_harm");
  await operator.tapKey("events-severity-4");
  await operator.send("Tagli all'avambraccio durante il laboratorio, medicato in infermeria.");
  await operator.tapKey("events-notified-nue_112");
  await operator.tapKey("events-notified-penitentiary_police");
  await operator.tapKey("flow-confirm");
}

describe("critical events", () => {
  it("reports from the menu button, alerts the coordinator and the on-call colleague, and tells the reporter who acknowledged", async () => {
    const now = harness.clock.now();
    await addOnCallShift(harness.deps, world.staff.coordinator.actor, {
      staffId: world.staff.onCall.id,
      siteIds: [world.bollate.id],
      startsAt: new Date(now.getTime() - HOUR),
      endsAt: new Date(now.getTime() + 12 * HOUR),
    });
    const operator = harness.user(USERS.operator);
    await operator.pressKey("menu-event");
    expect(operator.lastMessage().text).toContain("Chi è coinvolto?");
    await operator.send("BOL-0001");
    await operator.tap("BOL-0001 · Mario R.");
    await operator.tapKey("events-kind-self_harm");
    await operator.tapKey("events-severity-4");
    await operator.send("Tagli all'avambraccio durante il laboratorio, medicato in infermeria.");
    await operator.tapKey("events-notified-nue_112");
    await operator.tapKey("events-notified-penitentiary_police");
    await operator.tapKey("flow-confirm");
    expect(operator.lastMessage().text).toContain("Quando: 18/11/2026 10:00"); // now, unless changed
    await operator.tapKey("events-change-when");
    await operator.send("9:15");
    const confirm = operator.lastMessage().text;
    expect(confirm).toContain("Quando: 18/11/2026 09:15");
    expect(confirm).toContain("Avvisati: NUE 112, Polizia penitenziaria");
    expect(confirm).toContain("L'allerta sarà inviata a 2 persone: Carla Coordinatrice, Rita Reperibile");

    await operator.tapKey("events-confirm-send");
    const event = await harness.deps.db.criticalEvent.findFirstOrThrow();
    expect(operator.lastMessage().text).toContain(
      `Evento #${event.id} registrato. Allerta inviata a 2 persone: Carla Coordinatrice, Rita Reperibile.`,
    );
    await harness.outbox.idle();

    const coordinator = harness.user(USERS.coordinator);
    const onCall = harness.user(USERS.onCall);
    for (const recipient of [coordinator, onCall]) {
      const alert = recipient.lastMessage();
      expect(alert.text).toBe(
        [
          `🚨 Evento critico #${event.id}`,
          "Autolesionismo — gravità 4 (pericolo di vita)",
          "Persone: BOL-0001 · Mario R.",
          "Sede: CR Milano-Bollate",
          "Quando: 18/11/2026 09:15",
          "Segnalato da: Omar Operatore",
        ].join("\n"),
      );
      expect(alert.buttons.flat().map((b) => b.text)).toEqual(["👁 Presa visione"]);
    }
    expect(operator.messages().some((m) => m.text.startsWith("🚨"))).toBe(false);

    await coordinator.tapKey("events-ack-button");
    expect(coordinator.lastMessage().text).toContain(`Presa visione registrata per l'evento #${event.id}`);
    await harness.outbox.idle();
    expect(operator.lastMessage().text).toBe(
      `👁 Carla Coordinatrice ha preso visione dell'evento #${event.id} (Autolesionismo).`,
    );
    const saved = await harness.deps.db.criticalEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(saved.status).toBe("acknowledged");
  });

  it("reports with nobody involved at another time of day, and keeps what was typed when going back", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/evento");
    await operator.tapKey("events-people-nobody");
    await operator.tapKey("events-kind-protest");
    await operator.tapKey("events-severity-2");
    await operator.send("Rifiuto collettivo del rientro in sezione.");
    await operator.tapKey("flow-back");
    await operator.tapKey("events-keep-text");
    await operator.tapKey("events-notified-other");
    await operator.tapKey("flow-confirm");
    await operator.send("Informata la direzione");
    await operator.tapKey("events-change-when");
    await operator.tapKey("date-other");
    await operator.send("17/11");
    await operator.send("22:40");
    expect(operator.lastMessage().text).toContain("Persone: nessuna persona");
    expect(operator.lastMessage().text).toContain("Quando: 17/11/2026 22:40");
    expect(operator.lastMessage().text).toContain("Descrizione: Rifiuto collettivo del rientro in sezione.");
    await operator.tapKey("events-confirm-send");
    const event = await harness.deps.db.criticalEvent.findFirstOrThrow({ include: { people: true } });
    expect(event).toMatchObject({ kind: "protest", severity: 2, occurredOn: "2026-11-17", notifiedCodes: "other" });
    expect(event.people).toEqual([]);
    expect(harness.deps.cipher.decrypt(event.actionsEnc as string, "CriticalEvent.actionsEnc", event.id)).toBe(
      "Informata la direzione",
    );
  });

  it("refuses a time in the future and a description over 2000 characters, losing nothing", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/evento");
    await operator.tapKey("events-people-nobody");
    await operator.tapKey("events-kind-other");
    await operator.tapKey("events-severity-1");
    await operator.send("x".repeat(2001));
    expect(operator.lastMessage().text).toBe("Scrivi un testo tra 1 e 2000 caratteri.");
    await operator.send("Lite verbale in cortile.");
    expect(operator.lastMessage().text).toContain("Azioni intraprese");
    await operator.tapKey("flow-confirm");
    await operator.tapKey("events-change-when");
    await operator.send("23:59");
    expect(operator.lastMessage().text).toBe("L'ora indicata è nel futuro: controlla e riscrivi.");
    await operator.send("08:00");
    expect(operator.lastMessage().text).toContain("Quando: 18/11/2026 08:00");
    expect(operator.lastMessage().text).toContain("Descrizione: Lite verbale in cortile.");
  });

  it("lists open events and lets the coordinator add a note and close them", async () => {
    const operator = harness.user(USERS.operator);
    await reportSelfHarm(operator);
    await operator.tapKey("events-confirm-send");
    const event = await harness.deps.db.criticalEvent.findFirstOrThrow();

    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/eventi");
    const list = coordinator.lastMessage().text;
    expect(list).toContain(`🔴 #${event.id} · Autolesionismo · gravità 4`);
    expect(list).toContain("BOL-0001 · Mario R.");
    expect(list).toContain("⏳ in attesa di presa visione");
    await coordinator.tap(`#${event.id} dettagli`);
    expect(coordinator.lastMessage().text).toContain("Descrizione: Tagli all'avambraccio");
    await coordinator.tapKey("events-note-button");
    await coordinator.send("Sentito il CPS: colloquio domani alle 10.");
    expect(coordinator.lastMessage().text).toBe(`Nota aggiunta all'evento #${event.id}.`);
    await coordinator.send("/eventi");
    await coordinator.tap(`#${event.id} dettagli`);
    expect(coordinator.lastMessage().text).toContain("Carla Coordinatrice: Sentito il CPS: colloquio domani alle 10.");
    await coordinator.tapKey("events-close-button");
    await coordinator.tapKey("events-close-without-note");
    expect(coordinator.lastMessage().text).toBe(`Evento #${event.id} chiuso.`);
    await coordinator.send("/eventi");
    expect(coordinator.lastMessage().text).toBe("Nessun evento critico aperto nelle tue sedi.");

    const other = harness.user(USERS.otherOperator);
    await other.send("/eventi");
    expect(other.lastMessage().text).toBe("Nessun evento critico aperto nelle tue sedi.");
    const actions = await harness.deps.db.auditEntry.findMany({
      where: { subjectType: "critical_event" },
      select: { action: true },
    });
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set(["event.report", "event.list", "event.view", "event.follow_up", "event.close"]),
    );
  });

  it("does not let an operator take notes on or close an event through forged buttons", async () => {
    const operator = harness.user(USERS.operator);
    await reportSelfHarm(operator);
    await operator.tapKey("events-confirm-send");
    const event = await harness.deps.db.criticalEvent.findFirstOrThrow();
    await operator.sendCallback(`ev:close:${event.id}`, 1);
    expect(operator.lastMessage().text).toBe("Non hai i permessi per questa operazione.");
    expect((await harness.deps.db.criticalEvent.findUniqueOrThrow({ where: { id: event.id } })).status).toBe("open");
  });

  it("lets coordinators manage on-call shifts with /reperibilita", async () => {
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/reperibilita");
    expect(coordinator.lastMessage().text).toBe("Nessun turno di reperibilità in corso o in programma nelle tue sedi.");
    await coordinator.tapKey("events-oncall-add");
    await coordinator.tap("Rita Reperibile");
    await coordinator.send("18/11 20:00");
    await coordinator.tap("12 h");
    expect(coordinator.lastMessage().text).toBe(
      "Turno di reperibilità: Rita Reperibile — CR Milano-Bollate — dal 18/11 20:00 al 19/11 08:00. Confermi?",
    );
    await coordinator.tapKey("flow-confirm");
    expect(coordinator.lastMessage().text).toBe("Turno di reperibilità salvato.");

    const operator = harness.user(USERS.operator);
    await operator.send("/reperibilita");
    expect(operator.lastMessage().text).toBe(
      "Turni di reperibilità in corso e in programma:\n• Rita Reperibile — CR Milano-Bollate — dal 18/11 20:00 al 19/11 08:00",
    );
    expect(operator.lastMessage().buttons).toEqual([]);

    await coordinator.send("/reperibilita");
    await coordinator.tapKey("events-oncall-remove");
    await coordinator.tap("Rita Reperibile 18/11 20:00");
    expect(coordinator.lastMessage().text).toBe("Turno eliminato.");
    expect(await harness.deps.db.onCallShift.count()).toBe(0);
  });
});
