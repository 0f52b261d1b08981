// Funders' reports end to end, over the emulator: /trimestrale sends the monitoring sheet for a quarter, a year or typed
// dates, readable cell by cell; /lavoro shows the job-placement table by year and sends its .xlsx.
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestClock } from "../helpers/database.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { indicatorTable, quarterFixture, sheetSetup } from "../helpers/report-fixtures.ts";

let harness: Harness;
let world: World;

beforeEach(async () => {
  harness = await startHarness({ clock: createTestClock("2027-01-04T09:00:00+01:00") });
  world = await seedWorld(harness.deps);
  await quarterFixture(harness.deps, world);
  await sheetSetup(harness.deps, world);
});
afterEach(async () => {
  await harness.stop();
});

const documentsTo = (chatId: number) =>
  harness.emulator.files.filter((file) => file.method === "sendDocument" && file.chatId === chatId);

describe("/trimestrale", () => {
  it("sends an admin the .xlsx of the last quarter, readable cell by cell", async () => {
    const admin = harness.user(USERS.admin);
    await admin.send("/trimestrale");
    expect(
      admin
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).toEqual([
      "2026Q4 (1 ottobre – 31 dicembre 2026)",
      "2027Q1 (1 gennaio – 31 marzo 2027)",
      "Anno 2026",
      "Anno 2027",
      "✖️ Annulla",
    ]);
    await admin.tap("2026Q4");
    const documents = documentsTo(USERS.admin.id);
    expect(documents.map((d) => d.filename)).toEqual(["scheda-monitoraggio-spazio-zero-2026Q4.xlsx"]);
    expect(admin.messages().map((m) => m.text)).toContain(
      "Scheda di monitoraggio di Spazio Zero, 1 ottobre – 31 dicembre 2026 (Appartamento Ponte, CR Milano-Bollate, CR Milano-Opera).",
    );
    const table = await indicatorTable(documents[0]?.bytes as Buffer, "Indicatori");
    // Hand counts in tests/services/reports/quarterly.test.ts.
    expect(table.day_centre_opening_days).toEqual({
      "Appartamento Ponte": ["–", 0, 0, "–"],
      "CR Milano-Bollate": [220, 59, 254, 254 / 220],
      "CR Milano-Opera": ["–", 11, 11, "–"],
      Totale: [400, 70, 265, 265 / 400],
    });
    expect(table.people_reached?.Totale).toEqual([1500, 5, 5, 5 / 1500]);
  });

  it("gives a coordinator the sheet of their own sites only, for typed dates", async () => {
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/quarterly");
    await coordinator.send("2027Q2");
    expect(coordinator.lastMessage().text).toBe("Quel periodo non è ancora cominciato.");
    await coordinator.send("ottobre");
    expect(coordinator.lastMessage().text).toBe(
      "Periodo non valido. Scrivi un trimestre (2026Q1), un anno (2026) o due date (01/01/2026 - 30/06/2026).",
    );
    await coordinator.send("dal 1/10/2026 al 15/10/2026");
    const [sheet] = documentsTo(USERS.coordinator.id);
    expect(sheet?.filename).toBe("scheda-monitoraggio-spazio-zero-2026-10-01_2026-10-15.xlsx");
    const table = await indicatorTable(sheet?.bytes as Buffer, "Indicatori");
    // 1–15 Oct at Bollate: 11 weekdays; sessions of 13 and 14 Oct (p1, p2); p1's internship.
    expect(table.day_centre_opening_days).toEqual({
      "CR Milano-Bollate": [220, 11, 206, 206 / 220],
      Totale: [400, 11, 206, 206 / 400],
    });
    expect(table.people_reached?.Totale).toEqual([1500, 2, 2, 2 / 1500]);
  });
});

describe("/lavoro", () => {
  it("shows a coordinator the job-placement table by year and sends its .xlsx", async () => {
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/lavoro");
    expect(
      coordinator
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).toEqual(["Ultimi tre anni (2025–2027)", "Anno 2026", "Anno 2027", "✖️ Annulla"]);
    await coordinator.tapKey("quarterly-year-choice", { year: 2026 });
    // Bollate only: its intakes p1–p3 (January), p6 (February), p5 (October); p5's referral by UEPE.
    expect(coordinator.messages().map((m) => m.text)).toContain(
      [
        "Inserimento lavorativo di Spazio Zero (CR Milano-Bollate):",
        "2026: 1 segnalazioni (0 carcere, 1 servizi territoriali), 5 prese in carico, 2 tirocini per 2 persone, 0 assunzioni = 0,00 % (0 dall'azienda ospitante, 0 altrove)",
        "Totale: 1 segnalazioni (0 carcere, 1 servizi territoriali), 5 prese in carico, 2 tirocini per 2 persone, 0 assunzioni = 0,00 % (0 dall'azienda ospitante, 0 altrove)",
      ].join("\n"),
    );
    expect(documentsTo(USERS.coordinator.id).map((d) => d.filename)).toEqual([
      "inserimento-lavorativo-spazio-zero-2026.xlsx",
    ]);
  });

  it("tells operators the table is for coordinators and admins", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/lavoro");
    expect(operator.lastMessage().text).toBe(
      "La tabella dell'inserimento lavorativo è riservata ai coordinatori delle sedi e agli amministratori dei progetti.",
    );
  });
});

describe("/obiettivi", () => {
  it("lets an admin set the programme's target of people reached, showing the one set before", async () => {
    const admin = harness.user(USERS.admin);
    await admin.send("/obiettivi");
    await admin.tapKey("targets-scope-programme");
    const indicators = admin
      .lastMessage()
      .buttons.flat()
      .map((b) => b.text);
    expect(indicators[0]).toBe("1. Laboratori attivati nei Centri Diurni · nessun obiettivo");
    expect(indicators).toContain("2. Numero giorni apertura Centro Diurno · 400");
    await admin.tapKey("digest-count-people_reached");
    expect(admin.lastMessage().text).toBe(
      "Obiettivo per «Persone raggiunte (obiettivo complessivo del progetto)» (Spazio Zero), ora: 1500. Scrivi un numero, per esempio 1500 o 12,5.",
    );
    await admin.send("tanti");
    expect(admin.lastMessage().text).toBe("Scrivi un numero, per esempio 1500 o 12,5.");
    await admin.send("1.800");
    expect(admin.lastMessage().text).toBe(
      "Obiettivo impostato: «Persone raggiunte (obiettivo complessivo del progetto)» (Spazio Zero) = 1800.",
    );
    const targets = await harness.deps.db.indicatorTarget.findMany({
      where: { code: "people_reached" },
      select: { siteId: true, target: true },
    });
    expect(targets).toEqual([{ siteId: null, target: 1800 }]);
  });

  it("lets an admin set the programme's allowance budget in two taps and a number, then shows it against what was paid", async () => {
    const admin = harness.user(USERS.admin);
    await admin.send("/obiettivi");
    await admin.tapKey("targets-scope-programme");
    expect(
      admin
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).toContain("Budget delle indennità di tirocinio (euro) · nessun budget");
    await admin.tapKey("quarterly-path-allowance-euros-budget");
    expect(admin.lastMessage().text).toBe(
      "«Budget delle indennità di tirocinio (euro)» (Spazio Zero), ora: nessun budget. Scrivi un numero, per esempio 48 o 14.400.",
    );
    await admin.send("quattordicimila");
    expect(admin.lastMessage().text).toBe("Scrivi un numero, per esempio 1500 o 12,5.");
    await admin.send("14.400");
    expect(admin.lastMessage().text).toBe(
      "Budget impostato: «Budget delle indennità di tirocinio (euro)» (Spazio Zero) = 14.400.",
    );
    expect(admin.taps).toBe(2);
    const p2 = world.people[1] as World["people"][number];
    const internship = await harness.deps.db.internship.findFirstOrThrow({ where: { personId: p2.id } });
    await harness.deps.db.allowancePayment.createMany({
      data: ["2026-10", "2026-11"].map((month) => ({ internshipId: internship.id, month, amountCents: 36_000 })),
    });

    await admin.send("/trimestrale");
    await admin.tap("2026Q4");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(documentsTo(USERS.admin.id)[0]?.bytes as unknown as ArrayBuffer);
    const rows = (book.getWorksheet("Tirocini e accoglienze")?.getSheetValues() ?? [])
      .filter(Boolean)
      .map((row) => (row as unknown[]).slice(1));
    // Columns: Appartamento Ponte, Bollate, Opera, Totale; p2's two allowances of 360 € were paid at Bollate.
    expect(rows).toContainEqual(["Indennità di tirocinio pagate (euro)", 0, 720, 0, 720]);
    expect(rows).toContainEqual(["Budget delle indennità di tirocinio (euro)", "–", "–", "–", 14_400]);
    expect(rows).toContainEqual(["Budget usato dall'avvio del progetto (euro)", "–", "–", "–", 0.05]);
  });

  it("leaves targets to admins", async () => {
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/obiettivi");
    expect(coordinator.lastMessage().text).toBe(
      "Gli obiettivi della scheda di monitoraggio li impostano gli amministratori del progetto.",
    );
  });
});
