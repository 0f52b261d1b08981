// Protected discharge over the emulator: an end of sentence dated ahead opens a checklist for the case manager and the
// network social worker, who fill it in a few taps (back, skip, bad input, cancel); reminders come 30, 14, 7 and 2
// days before for what is missing, once each, on the test clock; the coordinator's digest lists the release.
import { afterEach, describe, expect, it } from "vitest";
import { queueWeeklyDigests } from "../../src/jobs/digest.ts";
import { queueReleaseReminders } from "../../src/jobs/releases.ts";
import { changeLegalStatus } from "../../src/services/legal-status.ts";
import { dischargePerson } from "../../src/services/person-moves.ts";
import { insertPerson, personInput } from "../../src/services/people.ts";
import { addReceivingService, updateReceivingService } from "../../src/services/release-checklist.ts";
import { addStaff, seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;
afterEach(() => harness.stop());

const SOCIAL_WORKER = { id: 5001, firstName: "Sara", lastName: "Sociale" } as const;
const MARIO = "BOL-0001 · Mario R.";

// Wednesday 18 November 2026, 11:00 in Rome; Mario (case manager: Omar) is detained at Bollate, where Sara is the
// network social worker.
async function start() {
  harness = await startHarness();
  harness.clock.set("2026-11-18T11:00:00+01:00");
  world = await seedWorld(harness.deps);
  const sara = await addStaff(harness.deps, SOCIAL_WORKER, [{ role: "operator", siteId: world.bollate.id }]);
  await harness.deps.db.site.update({ where: { id: world.bollate.id }, data: { networkWorkerId: sara.id } });
  return sara;
}

async function runRemindersAt(instant: string): Promise<number> {
  harness.clock.set(instant);
  const queued = await queueReleaseReminders(harness.deps);
  await harness.outbox.drain();
  return queued;
}

const servicesOf = async () =>
  (await harness.deps.db.releaseService.findMany({ orderBy: { id: "asc" } })).map((service) => ({
    kind: service.kind,
    contact: harness.deps.cipher.decryptOptional(service.contactEnc, "ReleaseService.contactEnc", service.id),
    firstAppointmentOn: service.firstAppointmentOn,
    consentOn: service.consentOn,
  }));

describe("protected discharge", () => {
  it("opens from an end of sentence dated ahead, is filled in a few taps, and reminds 30, 14, 7 and 2 days before", async () => {
    await start();
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.pressKey("menu-people");
    await coordinator.tap(MARIO);
    await coordinator.tapKey("path-action-legal_status");
    await coordinator.tapKey("legal-released");
    await coordinator.send("20/12/2026");
    expect(coordinator.lastMessage().text).toBe(
      `✅ ${MARIO}: Libero/a – fine pena dal 20/12/2026.\n🚪 Si apre la checklist di dimissione protetta: il case manager e l'assistente sociale di rete la trovano con /dimissioni.`,
    );
    expect([coordinator.taps, coordinator.typed]).toEqual([4, 1]);

    await harness.outbox.drain();
    const notice = `🚪 Dimissione protetta di ${MARIO} il 20/12/2026: indica i servizi che la/lo accolgono, con referente, primo appuntamento e consenso a condividere il Progetto.`;
    const operator = harness.user(USERS.operator);
    expect(operator.lastMessage().text).toBe(notice);
    const sara = harness.user(SOCIAL_WORKER);
    expect(sara.lastMessage().text).toBe(notice);
    // The coordinator stands in only when neither the case manager nor a network social worker is there.
    expect(coordinator.messages().some((message) => message.text === notice)).toBe(false);

    await sara.tapKey("release-open-button");
    expect(sara.lastMessage().text).toBe(
      `🚪 ${MARIO} · dimissione il 20/12/2026 (tra 32 giorni)\nManca: nessun servizio indicato.`,
    );
    await sara.tapKey("release-add-service");
    await sara.tap("CPS");
    expect(sara.lastMessage().text).toContain("CPS: chi è il referente?");
    await sara.send("x");
    expect(sara.lastMessage().text).toBe("Scrivi il referente in 2–120 caratteri.");
    await sara.send("dott.ssa Bianchi, psichiatra");
    await sara.send("31/02");
    expect(sara.lastMessage().text).toBe("Data non valida. Scrivi per esempio 03/11 oppure 03/11/2026.");
    await sara.send("10/11/2026");
    expect(sara.lastMessage().text).toBe("La data non può essere nel passato.");
    await sara.send("22/12");
    await sara.tapKey("date-today");
    expect(sara.lastMessage().text).toBe("CPS: consenso del 18/11/2026. Cosa può vedere il servizio?");
    await sara.tapKey("release-consent-scope-plan");
    expect(sara.lastMessage().text).toBe(
      [
        `🚪 ${MARIO} · dimissione il 20/12/2026 (tra 32 giorni)`,
        "• CPS: referente dott.ssa Bianchi, psichiatra · appuntamento 22/12/2026 · consenso 18/11/2026 (Progetto: note per la crisi, obiettivi, rete)",
        "✅ Tutto pronto.",
      ].join("\n"),
    );
    // A second service: contact typed, then back from the appointment to correct it, the rest left for later.
    await sara.tapKey("release-add-service");
    await sara.tap("SerD");
    await sara.send("Luca Verdi");
    await sara.tapKey("flow-back");
    expect(sara.lastMessage().text).toContain("SerD: chi è il referente?");
    expect(sara.lastMessage().text).toContain("Ora: Luca Verdi.");
    await sara.send("dott. Luca Verdi, SerD Bollate");
    await sara.tapKey("release-skip");
    await sara.tapKey("release-skip");
    expect(sara.lastMessage().text).toContain("Manca: SerD: primo appuntamento, consenso.");
    await sara.tapKey("release-done");
    expect(sara.lastMessage().text).toBe(`💾 Salvato. Per ${MARIO} manca ancora: SerD: primo appuntamento, consenso.`);
    expect([sara.taps, sara.typed]).toEqual([11, 7]);
    expect(await servicesOf()).toEqual([
      {
        kind: "cps",
        contact: "dott.ssa Bianchi, psichiatra",
        firstAppointmentOn: "2026-12-22",
        consentOn: "2026-11-18",
      },
      { kind: "serd", contact: "dott. Luca Verdi, SerD Bollate", firstAppointmentOn: null, consentOn: null },
    ]);
    // The contact is sealed at rest.
    const [stored] = await harness.deps.db.releaseService.findMany({ orderBy: { id: "asc" } });
    expect(stored?.contactEnc).not.toContain("Bianchi");

    // Reminders: the 30-day one on 20/11, then 14, 7 and 2 days before, each once, to both, from 08:00.
    expect(await runRemindersAt("2026-11-19T09:00:00+01:00")).toBe(0);
    expect(await runRemindersAt("2026-11-20T09:00:00+01:00")).toBe(2);
    expect(await runRemindersAt("2026-11-20T15:00:00+01:00")).toBe(0);
    await harness.restart();
    expect(await runRemindersAt("2026-11-27T09:00:00+01:00")).toBe(0);
    expect(await runRemindersAt("2026-12-06T09:00:00+01:00")).toBe(2);
    expect(await runRemindersAt("2026-12-13T09:00:00+01:00")).toBe(2);
    expect(await runRemindersAt("2026-12-17T09:00:00+01:00")).toBe(0);
    expect(await runRemindersAt("2026-12-18T09:00:00+01:00")).toBe(2);
    expect(await runRemindersAt("2026-12-19T09:00:00+01:00")).toBe(0);
    expect(await runRemindersAt("2026-12-20T09:00:00+01:00")).toBe(0);
    const reminders = operator.messages().filter((message) => message.text.startsWith("⏳"));
    expect(reminders.map((message) => message.text)).toEqual(
      [30, 14, 7, 2].map(
        (days) =>
          `⏳ Dimissione di ${MARIO} tra ${days} giorni (20/12/2026). Manca: SerD: primo appuntamento, consenso.`,
      ),
    );
    const keys = await harness.deps.db.delivery.findMany({
      where: { kind: "release_reminder", recipientId: world.staff.operator.id },
      select: { dedupeKey: true },
    });
    expect(keys).toHaveLength(4);
  });

  it("sends no reminder once the checklist is complete", async () => {
    await start();
    const mario = world.people[0]!;
    const { releasePlanId } = await changeLegalStatus(harness.deps, world.staff.coordinator.actor, {
      personId: mario.id,
      status: "home_detention",
      fromOn: "2026-12-20",
    });
    const omar = world.staff.operator.actor;
    const serviceId = await addReceivingService(harness.deps, omar, {
      releasePlanId: releasePlanId as number,
      kind: "uepe",
    });
    await updateReceivingService(harness.deps, omar, { serviceId, contact: "dott. Neri" });
    await updateReceivingService(harness.deps, omar, { serviceId, firstAppointmentOn: "2026-12-21" });
    await updateReceivingService(harness.deps, omar, { serviceId, consentOn: "2026-11-18", consentScope: "plan" });
    expect(await runRemindersAt("2026-12-06T09:00:00+01:00")).toBe(0);
    expect(
      harness
        .user(SOCIAL_WORKER)
        .messages()
        .filter((m) => m.text.startsWith("⏳")),
    ).toEqual([]);
  });

  it("opens from a discharge dated ahead too; the person stays in charge until that day", async () => {
    await start();
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.pressKey("menu-people");
    await coordinator.tap(MARIO);
    await coordinator.tapKey("path-action-discharge");
    await coordinator.tapKey("discharge-outcome-end_of_sentence");
    await coordinator.send("04/12/2026");
    await coordinator.tapKey("path-discharge-confirm");
    expect(coordinator.lastMessage().text).toBe(
      `✅ Dimissione di ${MARIO} prevista il 04/12/2026: Fine pena. Fino ad allora resta in carico.\n🚪 Si apre la checklist di dimissione protetta: il case manager e l'assistente sociale di rete la trovano con /dimissioni.`,
    );
    const plan = await harness.deps.db.releasePlan.findFirstOrThrow();
    expect(plan).toMatchObject({ releaseOn: "2026-12-04", trigger: "discharge", status: "open" });
    await coordinator.send("/dimissioni");
    expect(coordinator.lastMessage().text).toContain("Quale dimissione protetta?");
    await coordinator.tap(MARIO);
    expect(coordinator.lastMessage().text).toContain("dimissione il 04/12/2026 (tra 16 giorni)");
    // Mario is still in the lists until the 4th.
    await coordinator.send("/annulla");
    await coordinator.pressKey("menu-people");
    expect(
      coordinator
        .lastMessage()
        .buttons.flat()
        .some((button) => button.text === MARIO),
    ).toBe(true);
  });

  it("cancels an answer without saving it; other sites' staff see nothing of it", async () => {
    await start();
    const mario = world.people[0]!;
    const { releasePlanId } = await dischargePerson(harness.deps, world.staff.coordinator.actor, {
      personId: mario.id,
      outcome: "end_of_sentence",
      on: "2026-12-04",
    });
    const sara = harness.user(SOCIAL_WORKER);
    await sara.send("/dimissioni");
    await sara.tap(MARIO);
    await sara.tapKey("release-add-service");
    await sara.tapKey("release-service-housing");
    await sara.send("/annulla");
    expect(sara.lastMessage().text).toBe("Operazione annullata: quello che non avevi confermato è stato scartato.");
    expect(await servicesOf()).toEqual([{ kind: "housing", contact: null, firstAppointmentOn: null, consentOn: null }]);

    const stranger = harness.user(USERS.otherOperator);
    await stranger.send("/dimissioni");
    expect(stranger.lastMessage().text).toBe("Nessuna dimissione protetta da preparare.");
    await stranger.sendCallback(`rel:open:${releasePlanId}`, 1);
    expect(stranger.lastMessage().text).toBe("Nessun risultato tra le persone che puoi consultare.");
    expect(stranger.transcript()).not.toContain("Mario");
  });

  it("pages a long list of releases and finds one by typing", async () => {
    await start();
    for (let index = 0; index < 25; index++) {
      const person = await harness.deps.db.$transaction((tx) =>
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
            caseManagerId: world.staff.operator.id,
          }),
        ),
      );
      await changeLegalStatus(harness.deps, world.staff.coordinator.actor, {
        personId: person.id,
        status: "released",
        fromOn: "2026-12-30",
      });
    }
    const operator = harness.user(USERS.operator);
    await operator.send("/dimissioni");
    const first = operator.lastMessage();
    expect(first.text).toContain("Pagina 1 di 2");
    expect(first.buttons.flat().length).toBeLessThanOrEqual(100);
    await operator.send("nome7");
    await operator.tap("Nome7 Z.");
    expect(operator.lastMessage().text).toContain("Nome7 Z. · dimissione il 30/12/2026");
  });

  it("lists releases of the next 30 days and what they lack in the coordinator's Monday digest", async () => {
    await start();
    const [mario, luca] = world.people;
    await changeLegalStatus(harness.deps, world.staff.coordinator.actor, {
      personId: mario!.id,
      status: "released",
      fromOn: "2026-12-10",
    });
    // Beyond 30 days from Monday 23/11: not listed yet.
    await changeLegalStatus(harness.deps, world.staff.coordinator.actor, {
      personId: luca!.id,
      status: "probation_social_services",
      fromOn: "2027-01-15",
    });
    harness.clock.set("2026-11-23T08:00:00+01:00");
    await queueWeeklyDigests(harness.deps, "0 8 * * 1");
    await harness.outbox.drain();
    const digest = harness
      .user(USERS.coordinator)
      .messages()
      .map((message) => message.text)
      .join("\n");
    expect(digest).toContain(
      "🚪 Dimissioni nei prossimi 30 giorni\n• BOL-0001 · 10/12 — manca: nessun servizio indicato",
    );
    expect(digest).not.toContain("BOL-0002 · 15/01");
  });
});
