// Edited messages: inside a flow, correcting the last answer to the question on screen answers it again (a wrong
// date, a too-short name); an edit of anything else, in a flow or outside one, is not read and the user is told so.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedWorld, USERS } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;

beforeEach(async () => {
  harness = await startHarness();
  await seedWorld(harness.deps);
});
afterEach(async () => {
  await harness.stop();
});

const EDIT_IN_FLOW_NOT_READ = "Ho visto la modifica, ma leggo solo la correzione dell'ultima risposta";

describe("edited messages", () => {
  it("take a corrected answer to the question on screen as the new answer", async () => {
    const admin = harness.user(USERS.admin);
    await admin.send("/nuovoprogetto");
    const tooShort = await admin.send("A");
    expect(admin.lastMessage().text).toBe("Scrivi un testo tra 2 e 120 caratteri.");
    await admin.edit(tooShort, "Ponte Nord");
    expect(admin.lastMessage().text).toContain("Codice breve del progetto");
    const code = await admin.send("ponte-nord");
    await admin.send("Fondazione Cariplo");
    const badDate = await admin.send("32/13/2026");
    expect(admin.lastMessage().text).toBe("Data non valida. Scrivi per esempio 03/11 oppure 03/11/2026.");
    await admin.edit(badDate, "01/12/2026");
    expect(admin.lastMessage().text).toBe("Data di fine (gg/mm/aaaa)?");

    // An answer already taken (the code, two questions ago) is not changed by an edit: the user is told.
    await admin.edit(code, "altro-codice");
    expect(admin.lastMessage().text).toContain(EDIT_IN_FLOW_NOT_READ);
    await admin.send("30/11/2027");
    expect(admin.lastMessage().text).toBe("Progetto «Ponte Nord» creato.");
    const created = await harness.deps.db.programme.findUniqueOrThrow({ where: { code: "ponte-nord" } });
    expect([created.name, created.startsOn, created.endsOn]).toEqual(["Ponte Nord", "2026-12-01", "2027-11-30"]);
  });

  it("are not read outside a flow: an edited command does not run again", async () => {
    const operator = harness.user(USERS.operator);
    const help = await operator.send("/aiuto");
    const before = operator.messages().length;
    await operator.edit(help, "/presenze");
    expect(operator.messages()).toHaveLength(before + 1);
    expect(operator.lastMessage().text).toBe(
      "Le modifiche ai messaggi già inviati non vengono lette: scrivi di nuovo o usa il menu.",
    );
    const menuLabel = await operator.send("📁 Progetto (PEI)");
    await operator.send("/annulla");
    await operator.edit(menuLabel, "📋 Presenze");
    expect(operator.lastMessage().text).toBe(
      "Le modifiche ai messaggi già inviati non vengono lette: scrivi di nuovo o usa il menu.",
    );
  });
});
