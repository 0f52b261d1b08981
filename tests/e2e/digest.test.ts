// Digests end to end, over the emulator: the scheduled Monday digest and /riepilogo show the same hand-counted numbers.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { queueWeeklyDigests } from "../../src/jobs/digest.ts";
import { logSession } from "../../src/services/sessions.ts";
import { createTestClock } from "../helpers/database.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { DIGEST_MONDAY, goldenWeek, pathWeek } from "../helpers/report-fixtures.ts";

let harness: Harness;
let world: World;

beforeEach(async () => {
  harness = await startHarness({ clock: createTestClock(DIGEST_MONDAY) });
  world = await seedWorld(harness.deps);
});
afterEach(async () => {
  await harness.stop();
});

/** Runs Monday's digest job and waits until the outbox has sent everything. */
async function deliverScheduledDigests(): Promise<void> {
  expect(await queueWeeklyDigests(harness.deps, "0 8 * * 1")).toBe(2);
  harness.outbox.kick();
  await harness.outbox.idle();
}

const photosTo = (chatId: number) =>
  harness.emulator.files.filter((file) => file.method === "sendPhoto" && file.chatId === chatId);

describe("weekly digest", () => {
  it("shows a coordinator on Monday, and again with /riepilogo, the numbers counted by hand for the DST week", async () => {
    await goldenWeek(harness.deps, world);
    await deliverScheduledDigests();
    const coordinator = harness.user(USERS.coordinator);
    const scheduled = coordinator.lastMessage().text;
    // GOLDEN_BOLLATE: the session at 00:30 on Monday 26 (after the clocks went back) is not in this week.
    for (const line of [
      "📊 Riepilogo settimanale · CR Milano-Bollate",
      "Settimana 2026-W43: dal 19/10/2026 al 25/10/2026",
      "Sessioni registrate: 4 (+2)",
      "Ore di attività: 4 h (+1 h 30′)",
      "Persone raggiunte: 2 (=)",
      "Tasso di presenza: 50% (-17 punti)",
      "Persone senza contatti da 14+ giorni: 1 (-1)\n   BOL-0003",
      "Eventi senza presa visione: 1 (+1)",
      "Operatori senza registrazioni: 1 (=)\n   Bruno Bassi",
      "Registrazioni in ritardo (> 72 h): 1 (+1)",
    ]) {
      expect(scheduled).toContain(line);
    }
    expect(photosTo(USERS.coordinator.id)).toHaveLength(1);

    await coordinator.send("/riepilogo");
    // A coordinator of one site is not asked which; the week buttons say which days they cover.
    expect(
      coordinator
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).toEqual(["Settimana scorsa (19/10 – 25/10)", "Questa settimana (26/10 – 01/11)", "✖️ Annulla"]);
    await coordinator.tapKey("digest-last-week", { from: "19/10", to: "25/10" });
    expect(coordinator.messages().filter((m) => m.text === scheduled)).toHaveLength(2);
    expect(coordinator.taps).toBe(1);
    const photos = photosTo(USERS.coordinator.id);
    expect(photos).toHaveLength(2);
    expect(photos[1]?.bytes.subarray(1, 4).toString("ascii")).toBe("PNG");
  });

  it("lists the week's path events by code, with plans and legal statuses as they stood at the end of that week", async () => {
    const golden = await goldenWeek(harness.deps, world);
    await pathWeek(harness.deps, world, golden);
    await deliverScheduledDigests();
    const coordinator = harness.user(USERS.coordinator);
    const scheduled = coordinator.lastMessage().text;
    const { p1, p2, p3, p5, p6 } = golden.people;
    // pathWeek, counted by hand: the UEPE referral and nothing else of the path was in W42.
    expect(scheduled).toContain(
      [
        "🧭 Percorsi della settimana",
        "Nuove segnalazioni: 1 (=)",
        "• dal carcere: 1",
        "• dai servizi territoriali: 0",
        "Nuove prese in carico: 1 (+1)",
        `   ${p5.code}`,
        "Tirocini avviati: 1 (+1)",
        `   ${p2.code}`,
        "Tirocini conclusi: 1 (+1)",
        `   ${p1.code}`,
        "Assunzioni dall'azienda ospitante: 1 (+1)",
        `   ${p1.code}`,
        "Assunzioni presso altra azienda: 0 (=)",
        "Ingressi in accoglienza abitativa: 1 (+1)",
        `   ${p3.code}`,
        "Uscite dall'accoglienza abitativa: 1 (+1)",
        `   ${p6.code}`,
        "Dimissioni: 1 (+1)",
        `   ${p6.code}`,
      ].join("\n"),
    );
    // On Sunday 25: p1 p3 p5 detained, p2 at home detention since Wednesday.
    expect(scheduled).toContain(
      [
        "Persone in carico: 4 (=)",
        "• Detenuti: 3",
        "• In esecuzione penale esterna: 1",
        "Tirocini attivi: 2 (+1)",
      ].join("\n"),
    );
    // p2's plan replaced on Monday morning is not the one of the week: its review was still on 30 October.
    expect(scheduled).toContain(`Revisioni dei Progetti (PEI) entro 7 giorni: 1 (=)\n   ${p2.code}`);
    expect(scheduled).toContain(`Revisioni dei Progetti (PEI) scadute: 1 (+1)\n   ${p1.code}`);
  });

  it("lets an admin pick the programme from the menu button and type the week, with the scheduled digest's text", async () => {
    await goldenWeek(harness.deps, world);
    await deliverScheduledDigests();
    const admin = harness.user(USERS.admin);
    const scheduled = admin.lastMessage().text;
    expect(scheduled).toContain("📊 Riepilogo settimanale · progetto Spazio Zero");
    expect(scheduled).toContain("Sessioni registrate: 5 (+3)");

    await admin.pressKey("menu-digest");
    expect(
      admin
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).toEqual(["🏠 CR Milano-Bollate", "🏠 CR Milano-Opera", "📁 Spazio Zero (tutto il progetto)", "✖️ Annulla"]);
    await admin.tap("Spazio Zero");
    await admin.send("2026-W60");
    expect(admin.lastMessage().text).toBe(
      "Non ho capito la settimana. Scrivi un giorno come 16/03 oppure una settimana come 2026-W12.",
    );
    await admin.send("2026-W50");
    expect(admin.lastMessage().text).toBe("Quella settimana non è ancora cominciata.");
    await admin.send("21/10");
    expect(admin.lastMessage().text).toBe("[photo: riepilogo.png]");
    expect(admin.messages().filter((m) => m.text === scheduled)).toHaveLength(2);
  });

  it("shows time as hours and minutes, never decimal hours", async () => {
    await goldenWeek(harness.deps, world);
    // A quarter of an hour more in the golden week: 4 h 15′ in all.
    await logSession(harness.deps, world.staff.operator.actor, {
      personIds: [world.people[0]!.id],
      kind: "phone_contact",
      occurredOn: "2026-10-21",
      durationMinutes: 15,
      clientRef: "digest-quarter-hour",
    });
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/riepilogo");
    await coordinator.tapKey("digest-last-week", { from: "19/10", to: "25/10" });
    expect(coordinator.messages().some((m) => m.text.includes("Ore di attività: 4 h 15′ (+1 h 45′)"))).toBe(true);
  });

  it("tells operators the digest is for coordinators and admins", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/digest");
    expect(operator.lastMessage().text).toBe(
      "Il riepilogo è riservato ai coordinatori delle sedi e agli amministratori dei progetti.",
    );
  });
});
