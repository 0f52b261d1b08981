// The handover letter for a service outside Ponte over the emulator: Omar records the CPS's contact, first appointment
// and Mario's consent in /dimissioni, gets the letter as a .docx in chat, and the letter opened back holds its fields
// (in Italian, whatever Omar's language) and nothing outside its scope: no events, no notes beyond the crisis notes,
// no interventions or network, no other person. Without a valid consent there is no letter.
import JSZip from "jszip";
import { afterEach, describe, expect, it } from "vitest";
import { changeLegalStatus } from "../../src/services/legal-status.ts";
import { addReceivingService, updateReceivingService } from "../../src/services/release-checklist.ts";
import { logSession } from "../../src/services/sessions.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { addEvent, seedPlan } from "../helpers/plan-fixtures.ts";

let harness: Harness;
let world: World;
afterEach(() => harness.stop());

const MARIO = "BOL-0001 · Mario R.";

/** The words of a .docx: its document and footer parts, tags stripped, one line per paragraph. */
async function docxText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = Object.keys(zip.files).filter((name) => /^word\/(document|footer\d*)\.xml$/.test(name));
  const xml = (await Promise.all(parts.sort().map((name) => zip.file(name)?.async("string") ?? ""))).join("");
  return xml
    .replace(/<\/w:p>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

const lettersTo = (chatId: number) =>
  harness.emulator.files.filter((file) => file.method === "sendDocument" && file.chatId === chatId);

async function start() {
  harness = await startHarness();
  harness.clock.set("2026-11-18T11:00:00+01:00");
  world = await seedWorld(harness.deps);
  const [mario, luca] = world.people;
  await harness.deps.db.person.update({ where: { id: mario!.id }, data: { birthYear: 1984 } });
  await seedPlan(harness.deps, mario!.id, {
    objective: "Obiettivo generale riservato",
    crisis: { riskSigns: "Insonnia", whatToDo: "Chiamare il CPS", whomToCall: "Dott.ssa Neri" },
    goals: [{ area: "work", text: "Trovare un lavoro stabile" }],
    interventions: [{ area: "health", what: "Colloqui psicologici settimanali", who: "Psicologa interna" }],
    network: [{ service: "SerD Bollate", referent: "Dott. Verdi", phone: "02 123456" }],
  });
  await seedPlan(harness.deps, luca!.id, {
    objective: "Obiettivo di Luca",
    crisis: { riskSigns: "Rabbia di Luca", whatToDo: "Parlare con Luca", whomToCall: "Fratello di Luca" },
    goals: [{ area: "housing", text: "Casa per Luca" }],
    interventions: [],
    network: [],
  });
  await addEvent(harness.deps, mario!.id, world.bollate.id, world.staff.operator.id, new Date("2026-11-10T10:00:00Z"));
  await logSession(harness.deps, world.staff.operator.actor, {
    personIds: [mario!.id],
    kind: "individual_social",
    occurredOn: "2026-11-17",
    durationMinutes: 30,
    note: "Nota riservata del colloquio",
    clientRef: "letter-note-session",
  });
  const { releasePlanId } = await changeLegalStatus(harness.deps, world.staff.coordinator.actor, {
    personId: mario!.id,
    status: "released",
    fromOn: "2026-12-20",
  });
  const omar = world.staff.operator.actor;
  const serviceId = await addReceivingService(harness.deps, omar, {
    releasePlanId: releasePlanId as number,
    kind: "cps",
  });
  await updateReceivingService(harness.deps, omar, { serviceId, contact: "dott.ssa Bianchi, CPS Niguarda" });
  await updateReceivingService(harness.deps, omar, { serviceId, firstAppointmentOn: "2026-12-22" });
  return { serviceId };
}

describe("handover letter for a service outside Ponte", () => {
  it("is sent as a .docx in Italian with its fields and nothing outside its scope", async () => {
    const { serviceId } = await start();
    await updateReceivingService(harness.deps, world.staff.operator.actor, {
      serviceId,
      consentOn: "2026-11-16",
      consentScope: "plan_and_events",
    });
    const omar = harness.user(USERS.operator);
    await omar.send("/lingua");
    await omar.tap("English");
    await omar.send("/releases");
    await omar.tap(MARIO);
    await omar.tapKey("release-letter");
    expect(omar.lastMessage().text).toBe(
      "📄 Letter for CPS (mental health) about BOL-0001 · Mario R.: send it yourself through the service's channel (certified email, email). It holds only names, dates, crisis notes and goals.",
    );
    const [letter] = lettersTo(USERS.operator.id);
    expect(letter?.filename).toBe("lettera-dimissione-BOL-0001-cps.docx");
    const text = await docxText(letter?.bytes as Buffer);
    for (const line of [
      "Lettera di presentazione per una dimissione protetta",
      "CR Milano-Bollate, 18/11/2026",
      "Alla cortese attenzione di dott.ssa Bianchi, CPS Niguarda – CPS",
      "Oggetto: presa in carico di Mario Rossi (nata/o nel 1984) – dimissione il 20/12/2026",
      "Il primo appuntamento presso il vostro servizio è fissato per il 22/12/2026.",
      "La persona ha dato il consenso a condividere con il vostro servizio i dati di questa lettera il 16/11/2026",
      "Segnali di rischio: Insonnia",
      "Cosa fare: Chiamare il CPS",
      "Chi chiamare: Dott.ssa Neri",
      "• Lavoro e formazione: Trovare un lavoro stabile",
      "Per ogni necessità potete contattare Omar Operatore (CR Milano-Bollate) al +39 333 000 0000.",
      "Documento riservato",
    ])
      expect(text).toContain(line);
    for (const outside of [
      "Obiettivo generale riservato",
      "Colloqui psicologici",
      "Psicologa interna",
      "SerD Bollate",
      "Dott. Verdi",
      "Autolesionismo",
      "descrizione",
      "Nota riservata del colloquio",
      "Luca",
      "Bianchi Luca",
      "BOL-0002",
      "Giulia",
      "Ahmed",
    ])
      expect(text).not.toContain(outside);
    const audited = await harness.deps.db.auditEntry.findFirstOrThrow({ where: { action: "release.letter" } });
    expect(JSON.parse(audited.details ?? "{}")).toMatchObject({ kind: "cps", consentOn: "2026-11-16" });
  });

  it("is refused without a valid consent, and after the consent is withdrawn", async () => {
    const { serviceId } = await start();
    const omar = harness.user(USERS.operator);
    await omar.send("/dimissioni");
    await omar.tap(MARIO);
    await omar.tapKey("release-letter");
    const refusal =
      "Per scrivere la lettera serve il consenso valido della persona a condividere i dati con questo servizio: registralo nella checklist.";
    expect(omar.lastMessage().text).toBe(refusal);
    await updateReceivingService(harness.deps, world.staff.operator.actor, {
      serviceId,
      consentOn: "2026-11-16",
      consentScope: "plan",
    });
    await updateReceivingService(harness.deps, world.staff.operator.actor, {
      serviceId,
      consentWithdrawnOn: "2026-11-18",
    });
    await omar.send("/dimissioni");
    await omar.tap(MARIO);
    await omar.tapKey("release-letter");
    expect(omar.lastMessage().text).toBe(refusal);
    expect(lettersTo(USERS.operator.id)).toEqual([]);
    expect(await harness.deps.db.auditEntry.count({ where: { action: "release.letter" } })).toBe(0);
  });
});
