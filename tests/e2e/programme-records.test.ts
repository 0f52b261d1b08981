// Programme records over the emulator: /prodotti (reports, promotional material, information services) and /orari
// (a day centre's weekly hours and closures), in a few taps from the command, bad input explained without losing what
// was typed, and the funder's sheet counting what was recorded.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestClock } from "../helpers/database.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { indicatorTable } from "../helpers/report-fixtures.ts";

let harness: Harness;
let world: World;

beforeEach(async () => {
  // Friday 18 December 2026: today and yesterday fall in 2026Q4.
  harness = await startHarness({ clock: createTestClock("2026-12-18T10:00:00+01:00") });
  world = await seedWorld(harness.deps);
});
afterEach(async () => {
  await harness.stop();
});

/** The indicators' tab of the 2026Q4 sheet the admin asks for with /trimestrale. */
async function adminSheetOfQ4(): Promise<Record<string, Record<string, unknown[]>>> {
  const admin = harness.user(USERS.admin);
  await admin.send("/trimestrale");
  await admin.tap("2026Q4");
  const sheet = harness.emulator.files.filter((f) => f.method === "sendDocument" && f.chatId === USERS.admin.id).at(-1);
  return indicatorTable(sheet?.bytes as Buffer, "Indicatori");
}

describe("/prodotti", () => {
  it("records a coordinator's brochure for their site in one tap and the title, keeping the title over a bad date", async () => {
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/prodotti");
    // One site: no question about where.
    expect(coordinator.lastMessage().text).toBe("Che cosa registri (CR Milano-Bollate)?");
    await coordinator.tapKey("outputs-kind-promotional_material");
    await coordinator.send("B");
    expect(coordinator.lastMessage().text).toBe("Il titolo deve avere da 2 a 200 caratteri.");
    await coordinator.send("  Brochure   del laboratorio di ceramica ");
    expect(coordinator.lastMessage().text).toBe(
      "Data di «Brochure del laboratorio di ceramica»? Tocca un pulsante o scrivi la data (per esempio 03/11).",
    );
    await coordinator.send("31/02");
    expect(coordinator.lastMessage().text).toBe("Data non valida. Scrivi per esempio 03/11 oppure 03/11/2026.");
    await coordinator.send("25/12/2026");
    expect(coordinator.lastMessage().text).toBe("La data non può essere nel futuro.");
    await coordinator.send("5/11");
    expect(coordinator.lastMessage().text).toBe(
      "Registrato: 📣 Materiale promozionale «Brochure del laboratorio di ceramica», 05/11/2026 (CR Milano-Bollate). Conta nella scheda di monitoraggio.",
    );
    expect(coordinator.taps).toBe(1);
    const outputs = await harness.deps.db.programmeOutput.findMany({
      select: { siteId: true, kind: true, title: true, issuedOn: true, createdById: true },
    });
    expect(outputs).toEqual([
      {
        siteId: world.bollate.id,
        kind: "promotional_material",
        title: "Brochure del laboratorio di ceramica",
        issuedOn: "2026-11-05",
        createdById: world.staff.coordinator.id,
      },
    ]);
    const audit = await harness.deps.db.auditEntry.findMany({
      where: { action: "output.record" },
      select: { actorId: true },
    });
    expect(audit).toEqual([{ actorId: world.staff.coordinator.id }]);

    const table = await adminSheetOfQ4();
    expect(table.promotional_materials).toMatchObject({
      "CR Milano-Bollate": ["–", 1, 1, "–"],
      "CR Milano-Opera": ["–", 0, 0, "–"],
      Totale: ["–", 1, 1, "–"],
    });
  });

  it("lets an admin record the programme's report and another site's service, counted on the sheet", async () => {
    const admin = harness.user(USERS.admin);
    await admin.send("/prodotti");
    expect(
      admin
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).toEqual(["Spazio Zero: tutto il progetto", "CR Milano-Bollate", "CR Milano-Opera", "✖️ Annulla"]);
    await admin.tapKey("outputs-scope-programme", { programme: "Spazio Zero" });
    await admin.tapKey("outputs-kind-report_publication");
    await admin.send("Report di metà progetto");
    await admin.tapKey("date-yesterday");
    expect(admin.lastMessage().text).toBe(
      "Registrato: 📄 Report o pubblicazione «Report di metà progetto», 17/12/2026 (Spazio Zero: tutto il progetto). Conta nella scheda di monitoraggio.",
    );
    expect(admin.taps).toBe(3);

    await admin.send("/outputs");
    await admin.tap("CR Milano-Opera");
    await admin.tapKey("outputs-kind-information_service");
    await admin.send("Sportello informativo per le famiglie");
    await admin.tapKey("date-today");
    expect(await harness.deps.db.programmeOutput.count()).toBe(2);

    const table = await adminSheetOfQ4();
    // The programme's report counts in the total only.
    expect(table.reports_publications).toMatchObject({
      "CR Milano-Bollate": ["–", 0, 0, "–"],
      Totale: ["–", 1, 1, "–"],
    });
    expect(table.information_services).toMatchObject({ "CR Milano-Opera": ["–", 1, 1, "–"], Totale: ["–", 1, 1, "–"] });
  });

  it("leaves outputs to coordinators and admins", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/prodotti");
    expect(operator.lastMessage().text).toBe(
      "Report, materiali e servizi informativi li registrano i coordinatori delle sedi e gli amministratori dei progetti.",
    );
    expect(await harness.deps.db.programmeOutput.count()).toBe(0);
  });
});

describe("/orari", () => {
  it("sets a day centre's weekly hours from a date and its closure days, which the sheet then counts", async () => {
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/orari");
    // One day centre: straight to what it says now and what to record.
    expect(coordinator.lastMessage().text).toBe(
      "🕘 CR Milano-Bollate\nNessun orario impostato finora.\n\nChe cosa vuoi registrare?",
    );
    await coordinator.tapKey("opening-action-hours");
    await coordinator.send("1/12");
    await coordinator.send("lun-ven 9-25");
    expect(coordinator.lastMessage().text).toBe(
      "Non ho capito l'orario. Scrivi i giorni e le fasce, per esempio «lun-ven 9-12:30 14-17; sab 9-12».",
    );
    await coordinator.send("lun-ven 14-9");
    expect(coordinator.lastMessage().text).toBe("L'orario di chiusura deve venire dopo quello di apertura.");
    await coordinator.send("lun-ven 9-12:30 14-17; sab 9-12");
    expect(coordinator.lastMessage().text).toBe(
      [
        "CR Milano-Bollate, dal 01/12/2026:",
        ...["lun", "mar", "mer", "gio", "ven"].map((day) => `${day} 09:00–12:30, 14:00–17:00`),
        "sab 09:00–12:00",
      ].join("\n"),
    );
    await coordinator.tapKey("flow-confirm");
    expect(coordinator.lastMessage().text).toBe(
      "Orario di CR Milano-Bollate salvato dal 01/12/2026. I giorni e le ore di apertura della scheda di monitoraggio lo seguono.",
    );
    expect(coordinator.taps).toBe(2);

    await coordinator.send("/orari");
    await coordinator.tapKey("opening-action-closure");
    await coordinator.send("24/12");
    await coordinator.send("23/12");
    expect(coordinator.lastMessage().text).toBe("La chiusura deve finire il giorno di inizio o dopo.");
    await coordinator.send("6/1");
    await coordinator.send("Festività natalizie");
    expect(coordinator.lastMessage().text).toBe(
      "Chiusura di CR Milano-Bollate registrata: dal 24/12/2026 al 06/01/2027.",
    );
    expect(coordinator.taps).toBe(3);
    expect(
      await harness.deps.db.siteClosure.findMany({ select: { siteId: true, fromOn: true, toOn: true, reason: true } }),
    ).toEqual([{ siteId: world.bollate.id, fromOn: "2026-12-24", toOn: "2027-01-06", reason: "Festività natalizie" }]);
    const audit = await harness.deps.db.auditEntry.findMany({
      where: { action: { in: ["opening_hours.set", "closure.add"] } },
      select: { action: true, actorId: true },
      orderBy: { id: "asc" },
    });
    expect(audit).toEqual([
      { action: "opening_hours.set", actorId: world.staff.coordinator.id },
      { action: "closure.add", actorId: world.staff.coordinator.id },
    ]);

    // An admin chooses among the day centres and sees the calendar in force.
    const admin = harness.user(USERS.admin);
    await admin.send("/hours");
    await admin.tap("CR Milano-Bollate");
    expect(admin.lastMessage().text).toBe(
      [
        "🕘 CR Milano-Bollate",
        "Orario in vigore dal 01/12/2026:",
        ...["lun", "mar", "mer", "gio", "ven"].map((day) => `${day} 09:00–12:30, 14:00–17:00`),
        "sab 09:00–12:00",
        "Chiusure in calendario: dal 24/12/2026 al 06/01/2027",
        "",
        "Che cosa vuoi registrare?",
      ].join("\n"),
    );
    await admin.send("/annulla");

    // December from Tuesday 1 to Wednesday 23: 17 weekdays of 6.5 hours and 3 Saturdays of 3; closed from 24.
    const table = await adminSheetOfQ4();
    expect(table.day_centre_opening_days).toMatchObject({
      "CR Milano-Bollate": ["–", 20, 20, "–"],
      "CR Milano-Opera": ["–", 0, 0, "–"],
      Totale: ["–", 20, 20, "–"],
    });
    expect(table.day_centre_opening_hours?.Totale).toEqual(["–", 119.5, 119.5, "–"]);
  });

  it("leaves opening hours to the day centres' coordinators and admins", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/orari");
    expect(operator.lastMessage().text).toBe(
      "Gli orari dei centri diurni li impostano i coordinatori delle sedi e gli amministratori dei progetti.",
    );
  });
});
