// ✏️ Correggi dati over the emulator: coordinators correct a person's record in a few taps, before and after sealed
// in the record's history and named in the audit; the search follows a corrected name; operators cannot.
import { afterEach, describe, expect, it } from "vitest";
import { searchPeopleForActor } from "../../src/services/people.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;
afterEach(() => harness.stop());

const MARIO = "BOL-0001 · Mario R.";

async function start(user: (typeof USERS)[keyof typeof USERS] = USERS.coordinator) {
  harness = await startHarness();
  harness.clock.set("2026-11-18T11:00:00+01:00");
  world = await seedWorld(harness.deps);
  return harness.user(user);
}

describe("correcting a person's record", () => {
  it("corrects the family name in 4 taps and one message; before and after sealed, the audit names the field", async () => {
    const coordinator = await start();
    await coordinator.pressKey("menu-people");
    await coordinator.tap(MARIO);
    await coordinator.tapKey("path-action-edit");
    await coordinator.tapKey("path-edit-field-familyName");
    expect(coordinator.lastMessage().text).toBe("Ora: Rossi. Scrivi il valore corretto.");
    await coordinator.send("R0ssi!");
    expect(coordinator.lastMessage().text).toBe(
      "Usa solo lettere, spazi, apostrofi o trattini (massimo 80 caratteri).",
    );
    await coordinator.send("Russo");
    expect(coordinator.lastMessage().text).toBe(
      `✅ ${MARIO}: Cognome corretto. Il prima e il dopo restano nel registro.`,
    );
    expect(coordinator.taps).toBe(4);
    const change = await harness.deps.db.personRecordChange.findFirstOrThrow();
    expect(change.changesEnc).not.toContain("Russo");
    expect(
      JSON.parse(harness.deps.cipher.decrypt(change.changesEnc, "PersonRecordChange.changesEnc", change.id)),
    ).toEqual({
      before: { familyName: "Rossi" },
      after: { familyName: "Russo" },
    });
    const audit = await harness.deps.db.auditEntry.findFirstOrThrow({ where: { action: "person.update" } });
    expect(JSON.parse(audit.details ?? "{}")).toEqual({ changed: ["familyName"], changeId: change.id });
    expect(audit.details).not.toContain("Russo");
    const actor = world.staff.coordinator.actor;
    expect((await searchPeopleForActor(harness.deps, actor, "Russo")).map((p) => p.code)).toEqual(["BOL-0001"]);
    expect(await searchPeopleForActor(harness.deps, actor, "Rossi")).toEqual([]);
  });

  it("corrects fragilities with toggles and the birth year, and says when nothing changes", async () => {
    const coordinator = await start();
    await coordinator.pressKey("menu-people");
    await coordinator.tap(MARIO);
    await coordinator.tapKey("path-action-edit");
    await coordinator.tapKey("path-edit-field-fragilities");
    await coordinator.tapKey("fragility-addiction");
    await coordinator.tapKey("flow-confirm");
    const mario = await harness.deps.db.person.findUniqueOrThrow({
      where: { id: world.people[0]!.id },
      include: { fragilities: true },
    });
    expect(mario.fragilities.map((f) => f.flag)).toEqual(["addiction"]);
    await coordinator.pressKey("menu-people");
    await coordinator.tap(MARIO);
    await coordinator.tapKey("path-action-edit");
    await coordinator.tapKey("path-edit-field-birthYear");
    await coordinator.send("1890");
    expect(coordinator.lastMessage().text).toBe("Anno non valido: scrivi quattro cifre, per esempio 1990.");
    await coordinator.tapKey("flow-back");
    await coordinator.tapKey("path-edit-field-gender");
    await coordinator.tapKey("path-edit-unknown");
    expect(coordinator.messages().map((m) => m.text)).toContain(
      "Il valore è uguale a quello registrato: non c'è nulla da correggere.",
    );
    // The refusal asks the same question again.
    expect(coordinator.lastMessage().text).toBe("Sesso?");
    await coordinator.tapKey("gender-female");
    expect(coordinator.lastMessage().text).toBe(
      `✅ ${MARIO}: Sesso corretto. Il prima e il dopo restano nel registro.`,
    );
    expect(await harness.deps.db.personRecordChange.count()).toBe(2);
  });

  it("survives a restart mid-flow; operators are not offered it", async () => {
    const coordinator = await start();
    await coordinator.pressKey("menu-people");
    await coordinator.tap(MARIO);
    await coordinator.tapKey("path-action-edit");
    await coordinator.tapKey("path-edit-field-caseManagerId");
    await harness.restart();
    await coordinator.tapKey("path-tutor-me");
    const mario = await harness.deps.db.person.findUniqueOrThrow({ where: { id: world.people[0]!.id } });
    expect(mario.caseManagerId).toBe(world.staff.coordinator.id);

    const operator = harness.user(USERS.operator);
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    expect(
      operator
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).not.toContain("✏️ Correggi dati");
  });
});
