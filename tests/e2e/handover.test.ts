// Handover to another site of the deployment over the emulator: the case manager hands Mario over from Bollate to an
// outside day centre; its coordinator sees the handover card (crisis notes, goals, network, recent events as far as
// Mario's consent to that service goes, nothing more), accepts in one tap and names the case manager; Bollate's team
// reads for 30 days, then not any more (audited); without a valid consent (never given, or withdrawn) the card shows
// the crisis notes only and says why; a handover left unaccepted a working day goes to the programme's admins.
import { afterEach, describe, expect, it } from "vitest";
import { handoverEscalationDueAt } from "../../src/domain/handover.ts";
import { escalateHandovers, endHandoverReads, requestHandover } from "../../src/services/handover.ts";
import { changeLegalStatus } from "../../src/services/legal-status.ts";
import { addReceivingService, updateReceivingService } from "../../src/services/release-checklist.ts";
import { addStaff, seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { addEvent, seedPlan } from "../helpers/plan-fixtures.ts";

let harness: Harness;
let world: World;
afterEach(() => harness.stop());

const DORA = { id: 6001, firstName: "Dora", lastName: "Diurno" } as const;
const UGO = { id: 6002, firstName: "Ugo", lastName: "Uscita" } as const;
const MARIO = "BOL-0001 · Mario R.";

// Wednesday 18 November 2026, 11:00 in Rome; Mario's end of sentence is on 20 December; Dora coordinates an outside
// day centre where Ugo works.
async function start() {
  harness = await startHarness();
  harness.clock.set("2026-11-18T11:00:00+01:00");
  world = await seedWorld(harness.deps);
  const centre = await harness.deps.db.site.create({
    data: {
      programmeId: world.programmeId,
      name: "Centro diurno Milano",
      kind: "day_centre_outside",
      codePrefix: "CDM",
    },
  });
  await addStaff(harness.deps, DORA, [{ role: "coordinator", siteId: centre.id }]);
  const ugo = await addStaff(harness.deps, UGO, [{ role: "operator", siteId: centre.id }]);
  const mario = world.people[0]!;
  await seedPlan(harness.deps, mario.id, {
    objective: "Obiettivo generale riservato",
    crisis: { riskSigns: "Insonnia", whatToDo: "Chiamare il CPS", whomToCall: "Dott.ssa Neri" },
    goals: [{ area: "work", text: "Trovare un lavoro stabile" }],
    interventions: [{ area: "health", what: "Colloqui psicologici settimanali", who: "Psicologa interna" }],
    network: [{ service: "SerD Bollate", referent: "Dott. Verdi", phone: "02 123456" }],
  });
  await addEvent(harness.deps, mario.id, world.bollate.id, world.staff.operator.id, new Date("2026-11-10T10:00:00Z"));
  const { releasePlanId } = await changeLegalStatus(harness.deps, world.staff.coordinator.actor, {
    personId: mario.id,
    status: "released",
    fromOn: "2026-12-20",
  });
  // The day centre is the checklist's "other service".
  const serviceId = await addReceivingService(harness.deps, world.staff.operator.actor, {
    releasePlanId: releasePlanId as number,
    kind: "other",
  });
  return { centre, ugo, mario, releasePlanId: releasePlanId as number, serviceId };
}

const consentTo = (serviceId: number, consentScope: "plan" | "plan_and_events") =>
  updateReceivingService(harness.deps, world.staff.operator.actor, {
    serviceId,
    consentOn: "2026-11-17",
    consentScope,
  });

const SHARED = ["Trovare un lavoro stabile", "SerD Bollate", "Dott. Verdi"];
const CRISIS = ["Insonnia", "Chiamare il CPS", "Dott.ssa Neri"];
const NEVER = ["Obiettivo generale riservato", "Colloqui psicologici", "Psicologa interna", "Rossi", "descrizione"];

/** Omar hands Mario over to the day centre from /dimissioni, naming the service it is; Dora's card comes back. */
async function handOverFromChat(serviceLabel: string): Promise<string> {
  const omar = harness.user(USERS.operator);
  await omar.send("/dimissioni");
  await omar.tap(MARIO);
  await omar.tapKey("release-handover");
  await omar.tap("Centro diurno Milano");
  await omar.tap(serviceLabel);
  expect(omar.lastMessage().text).toBe(
    "📨 Inviato a Centro diurno Milano: i coordinatori vedono la scheda di passaggio e lo accettano con un tocco.",
  );
  await harness.outbox.drain();
  return harness.user(DORA).lastMessage().text;
}

describe("handover to a site of the same deployment", () => {
  it("is sent from the checklist, accepted in one tap, and moves access with the case for 30 days", async () => {
    const { centre, ugo, mario, serviceId } = await start();
    await consentTo(serviceId, "plan_and_events");
    const omar = harness.user(USERS.operator);
    const card = await handOverFromChat("Altro servizio · 17/11/2026 (Progetto ed eventi critici recenti)");
    const dora = harness.user(DORA);
    expect(card).toContain(`🤝 Passaggio di ${MARIO} da CR Milano-Bollate a Centro diurno Milano`);
    expect(card).toContain("Dimissione il 20/12/2026");
    expect(card).toContain("Consenso del 17/11/2026: Progetto ed eventi critici recenti");
    for (const shown of [...CRISIS, ...SHARED, "10/11/2026 · Autolesionismo"]) expect(card).toContain(shown);
    for (const hidden of NEVER) expect(card).not.toContain(hidden);

    await dora.tapKey("handover-accept-button");
    expect(dora.lastMessage().text).toBe(
      `✅ Passaggio accettato: ${MARIO} ora è in carico alla tua sede.\nChi sarà il case manager?`,
    );
    await dora.tap("Ugo Uscita");
    expect(dora.lastMessage().text).toBe(`✅ Ugo Uscita è il case manager di ${MARIO}.`);
    expect(dora.taps).toBe(2);
    const person = await harness.deps.db.person.findUniqueOrThrow({
      where: { id: mario.id },
      include: { sites: { orderBy: { id: "asc" } } },
    });
    expect(person.caseManagerId).toBe(ugo.id);
    expect(person.sites.map((s) => [s.siteId, s.fromOn, s.toOn])).toEqual([
      [world.bollate.id, "2026-01-15", "2026-11-18"],
      [centre.id, "2026-11-18", null],
    ]);

    // Bollate's team still reads Mario's plan, audited as such, for 30 days; then not any more.
    await omar.send(`/piano ${mario.code}`);
    expect(omar.lastMessage().text).toContain(`📁 ${MARIO}`);
    const read = await harness.deps.db.auditEntry.findFirstOrThrow({
      where: { action: "plan.view", actorId: world.staff.operator.id },
      orderBy: { id: "desc" },
    });
    expect(JSON.parse(read.details ?? "{}")).toMatchObject({ via: "handover" });
    harness.clock.set("2026-12-18T10:59:00+01:00");
    expect(await endHandoverReads(harness.deps)).toBe(0);
    await omar.send(`/piano ${mario.code}`);
    expect(omar.lastMessage().text).toContain(`📁 ${MARIO}`);
    harness.clock.set("2026-12-18T11:00:00+01:00");
    await omar.send(`/piano ${mario.code}`);
    expect(omar.lastMessage().text).not.toContain("📁");
    expect(await endHandoverReads(harness.deps)).toBe(1);
    expect(await endHandoverReads(harness.deps)).toBe(0);
    expect(await harness.deps.db.auditEntry.count({ where: { action: "handover.read_ended" } })).toBe(1);
    // The receiving team reads it as their own.
    await dora.send(`/piano ${mario.code}`);
    expect(dora.lastMessage().text).toContain(`📁 ${MARIO}`);
  });

  it("shows only the crisis notes, and says why, without a valid consent: none, or one withdrawn", async () => {
    const { serviceId } = await start();
    const reduced = await handOverFromChat("Altro servizio · —");
    expect(reduced).toContain(
      "🔒 Nessun consenso valido a condividere i dati con questo servizio: la scheda mostra solo le note per la crisi, necessarie alla sicurezza.",
    );
    for (const shown of CRISIS) expect(reduced).toContain(shown);
    for (const hidden of [...SHARED, ...NEVER, "Autolesionismo", "Eventi critici", "Obiettivi"])
      expect(reduced).not.toContain(hidden);
    await harness.deps.db.handover.deleteMany();

    // A consent to the plan only: goals and network, not the events.
    await consentTo(serviceId, "plan");
    const planOnly = await handOverFromChat(
      "Altro servizio · 17/11/2026 (Progetto: note per la crisi, obiettivi, rete)",
    );
    expect(planOnly).toContain("Consenso del 17/11/2026: Progetto: note per la crisi, obiettivi, rete");
    for (const shown of [...CRISIS, ...SHARED]) expect(planOnly).toContain(shown);
    expect(planOnly).not.toContain("Autolesionismo");
    await harness.deps.db.handover.deleteMany();

    // Withdrawn in the checklist: the consent is missing again, and the next card is reduced.
    const omar = harness.user(USERS.operator);
    await omar.send("/dimissioni");
    await omar.tap(MARIO);
    await omar.tapKey("release-service-other");
    await omar.tapKey("release-skip");
    await omar.tapKey("release-skip");
    await omar.tapKey("release-consent-withdraw");
    expect(omar.lastMessage().text).toContain(
      "• Altro servizio: referente — · appuntamento — · consenso revocato il 18/11/2026",
    );
    expect(omar.lastMessage().text).toContain("Manca: Altro servizio: referente, primo appuntamento, consenso.");
    await omar.tapKey("release-done");
    const withdrawn = await harness.deps.db.auditEntry.findFirstOrThrow({
      where: { action: "release.service_update" },
      orderBy: { id: "desc" },
    });
    expect(JSON.parse(withdrawn.details ?? "{}")).toMatchObject({ field: "consent_withdrawn" });
    const afterWithdrawal = await handOverFromChat("Altro servizio · revocato il 18/11/2026");
    expect(afterWithdrawal).toContain("🔒 Nessun consenso valido");
    for (const hidden of [...SHARED, "Autolesionismo"]) expect(afterWithdrawal).not.toContain(hidden);
  });

  it("goes to the programme's admins when not accepted within a working day, once", async () => {
    const { centre, releasePlanId } = await start();
    await requestHandover(harness.deps, world.staff.operator.actor, { releasePlanId, toSiteId: centre.id });
    harness.clock.set("2026-11-19T10:59:00+01:00");
    expect(await escalateHandovers(harness.deps)).toBe(0);
    harness.clock.set("2026-11-19T11:00:00+01:00");
    expect(await escalateHandovers(harness.deps)).toBe(1);
    expect(await escalateHandovers(harness.deps)).toBe(0);
    await harness.outbox.drain();
    const admin = harness.user(USERS.admin);
    expect(admin.lastMessage().text).toBe(
      "⚠️ Il passaggio di BOL-0001 a Centro diurno Milano non è stato accettato entro un giorno lavorativo.",
    );
    // Bollate's coordinator, outside the receiving site, cannot accept it; the admin can.
    const carla = harness.user(USERS.coordinator);
    await carla.sendCallback(admin.lastMessage().buttons[0]![0]!.callback_data as string, 1);
    expect(carla.lastMessage().text).toBe("Nessun risultato tra le persone che puoi consultare.");
    await admin.tapKey("handover-accept-button");
    expect(admin.lastMessage().text).toContain("✅ Passaggio accettato");
  });

  it("counts a working day over the weekend and across the change of time", () => {
    const due = (instant: string) => handoverEscalationDueAt(new Date(instant), "Europe/Rome").toISOString();
    expect(due("2026-11-20T18:00:00+01:00")).toBe(new Date("2026-11-23T18:00:00+01:00").toISOString());
    expect(due("2026-11-21T10:00:00+01:00")).toBe(new Date("2026-11-23T10:00:00+01:00").toISOString());
    expect(due("2027-03-26T09:00:00+01:00")).toBe(new Date("2027-03-29T09:00:00+02:00").toISOString());
  });
});
