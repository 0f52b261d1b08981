// First contact after a release over the emulator: two people released on a Friday; Luca is seen on the Monday, Mario
// by nobody. On the test clock, the 7th day passes quietly, then on the 8th the case manager and the coordinator are
// alerted once (audited, never repeated); the Monday digest and the funder's sheet show 1 of 2 seen within 7 days.
import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import { queueWeeklyDigests } from "../../src/jobs/digest.ts";
import { queueFirstContactAlerts } from "../../src/jobs/releases.ts";
import { firstContactFor } from "../../src/services/first-contact.ts";
import { changeLegalStatus } from "../../src/services/legal-status.ts";
import { dischargePerson } from "../../src/services/person-moves.ts";
import { quarterlySheet } from "../../src/services/reports/quarterly.ts";
import { logSession } from "../../src/services/sessions.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;
afterEach(() => harness.stop());

const ALERT = "⚠️ BOL-0001 · Mario R. è uscita/o il 20/11/2026 e in 7 giorni non risulta nessun contatto.";
const GIULIA = "BOL-0003 · Giulia R.";

async function runAlertsAt(instant: string): Promise<number> {
  harness.clock.set(instant);
  const queued = await queueFirstContactAlerts(harness.deps);
  await harness.outbox.drain();
  return queued;
}

const alertsTo = (user: { messages(): { text: string }[] }) =>
  user.messages().filter((message) => message.text.startsWith("⚠️ BOL-0001"));

describe("first contact after release", () => {
  it("alerts the case manager and the coordinator once when nobody has seen a released person in 7 days", async () => {
    harness = await startHarness();
    harness.clock.set("2026-11-18T11:00:00+01:00");
    world = await seedWorld(harness.deps);
    const [mario, luca] = world.people;
    const coordinator = world.staff.coordinator.actor;
    // Both leave prison on Friday 20/11 (end of sentence), set two days ahead.
    for (const person of [mario, luca])
      await changeLegalStatus(harness.deps, coordinator, {
        personId: person!.id,
        status: "released",
        fromOn: "2026-11-20",
      });
    // Luca is seen on Monday 23/11; a session before the release day does not count for Mario.
    harness.clock.set("2026-11-19T16:00:00+01:00");
    await logSession(harness.deps, world.staff.operator.actor, {
      personIds: [mario!.id],
      kind: "individual_social",
      occurredOn: "2026-11-19",
      durationMinutes: 30,
      clientRef: "first-contact-before",
    });
    harness.clock.set("2026-11-23T16:00:00+01:00");
    await logSession(harness.deps, world.staff.operator.actor, {
      personIds: [luca!.id],
      kind: "phone_contact",
      occurredOn: "2026-11-23",
      durationMinutes: 15,
      clientRef: "first-contact-luca",
    });
    await harness.outbox.drain();

    // Friday 27/11 is still the 7th day; Saturday 28/11 it is over: one alert each, from 08:00, never repeated.
    expect(await runAlertsAt("2026-11-27T20:00:00+01:00")).toBe(0);
    expect(await runAlertsAt("2026-11-28T09:00:00+01:00")).toBe(2);
    expect(await runAlertsAt("2026-11-28T15:00:00+01:00")).toBe(0);
    await harness.restart();
    expect(await runAlertsAt("2026-11-29T09:00:00+01:00")).toBe(0);
    const operator = harness.user(USERS.operator);
    const coordinatorChat = harness.user(USERS.coordinator);
    for (const user of [operator, coordinatorChat]) {
      expect(alertsTo(user)).toHaveLength(1);
      expect(alertsTo(user)[0]?.text).toContain(ALERT);
    }
    expect(harness.user(USERS.onCall).messages()).toEqual([]);
    expect(alertsTo(harness.user(USERS.otherOperator))).toEqual([]);
    const audited = await harness.deps.db.auditEntry.findMany({ where: { action: "release.first_contact_missed" } });
    expect(audited.map((entry) => entry.personId)).toEqual([mario!.id]);

    // Monday 30/11: the coordinator's digest has the share seen within 7 days and who is still without a contact.
    harness.clock.set("2026-11-30T08:00:00+01:00");
    await queueWeeklyDigests(harness.deps, "0 8 * * 1");
    await harness.outbox.drain();
    const digest = coordinatorChat
      .messages()
      .map((message) => message.text)
      .join("\n");
    expect(digest).toContain(
      [
        "🤝 Primo contatto dopo le dimissioni (ultimi 30 giorni)",
        "Visti entro 7 giorni: 1 su 2 (50%)",
        "• ⚠️ BOL-0001 · uscita/o il 20/11 — nessun contatto da 10 giorni",
      ].join("\n"),
    );

    // The funder's sheet, second tab: the same figures for Bollate and the programme.
    const sheet = await quarterlySheet(harness.deps, null, {
      programme: "spazio-zero",
      startsOn: "2026-10-01",
      endsOn: "2026-12-31",
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet.workbook as unknown as ArrayBuffer);
    const rows = (book.worksheets[1]?.getSheetValues() ?? [])
      .filter(Boolean)
      .map((row) => (row as unknown[]).slice(1))
      .filter((row) => row[0] === "Primo contatto dopo le dimissioni");
    // Scopes: Bollate, Opera, total.
    expect(rows).toEqual([
      ["Primo contatto dopo le dimissioni", "Persone dimesse nel periodo (7 giorni trascorsi o già viste)", 2, 0, 2],
      ["Primo contatto dopo le dimissioni", "di cui viste entro 7 giorni", 1, 0, 1],
      ["Primo contatto dopo le dimissioni", "% viste entro 7 giorni", 0.5, "–", 0.5],
      ["Primo contatto dopo le dimissioni", "Ancora senza primo contatto", 1, 0, 1],
    ]);
  });

  it("lets the case manager record from the alert a first contact made by a service outside Ponte", async () => {
    harness = await startHarness();
    harness.clock.set("2026-11-18T11:00:00+01:00");
    world = await seedWorld(harness.deps);
    const giulia = world.people[2]!;
    // Giulia leaves the programme on Friday 20/11: after that no session of hers can be logged in Ponte.
    await dischargePerson(harness.deps, world.staff.coordinator.actor, {
      personId: giulia.id,
      outcome: "end_of_sentence",
      on: "2026-11-20",
    });
    expect(await runAlertsAt("2026-11-28T09:00:00+01:00")).toBe(2);
    const operator = harness.user(USERS.operator);
    expect(operator.lastMessage().text).toContain(`⚠️ ${GIULIA} è uscita/o il 20/11/2026`);

    await operator.tapKey("first-contact-record-button");
    expect(operator.lastMessage().text).toBe(
      `${GIULIA}, uscita/o il 20/11/2026: quando l'ha vista/o per la prima volta il servizio che la/lo accoglie? Tocca o scrivi la data.`,
    );
    await operator.send("19/11");
    expect(operator.lastMessage().text).toBe("La data non può essere prima della dimissione.");
    await operator.send("29/11/2026");
    expect(operator.lastMessage().text).toBe("La data non può essere nel futuro.");
    await operator.send("26/11");
    expect(operator.lastMessage().text).toBe(`✅ Primo contatto di ${GIULIA} registrato il 26/11/2026.`);
    const audited = await harness.deps.db.auditEntry.findFirstOrThrow({ where: { action: "release.first_contact" } });
    expect([audited.actorId, audited.personId, JSON.parse(audited.details ?? "{}")]).toEqual([
      world.staff.operator.id,
      giulia.id,
      { on: "2026-11-26" },
    ]);
    const indicator = await firstContactFor(
      harness.deps,
      [world.bollate.id],
      { from: "2026-11-01", to: "2026-11-30" },
      "2026-11-28",
    );
    expect([indicator.total.measured, indicator.total.within, indicator.total.withoutContact]).toEqual([1, 1, []]);

    // Staff of another site cannot record it, even with a forged button.
    const olga = harness.user(USERS.otherOperator);
    const release = await harness.deps.db.releasePlan.findFirstOrThrow({ where: { personId: giulia.id } });
    await olga.sendCallback(`rel:fc:${release.id}`, 1);
    expect(olga.lastMessage().text).toBe("Nessun risultato tra le persone che puoi consultare.");
  });
});
