// Housing and certified courses from 👤 Persone over the emulator: move in to a free bed of the programme's house,
// renew, move out; a course completed and its certificate; back, cancel, bad input, restart, taps counted.
import { afterEach, describe, expect, it } from "vitest";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;
afterEach(() => harness.stop());

const MARIO = "BOL-0001 · Mario R.";
const LUCA = "BOL-0002 · Luca B.";

// Wednesday 18 November 2026, 11:00 in Rome; a housing site of the programme with a house of three beds.
async function start() {
  harness = await startHarness();
  harness.clock.set("2026-11-18T11:00:00+01:00");
  world = await seedWorld(harness.deps);
  const housing = await harness.deps.db.site.create({
    data: { programmeId: world.programmeId, name: "Appartamento Ponte", kind: "housing", codePrefix: "APP" },
  });
  await harness.deps.db.house.create({
    data: {
      siteId: housing.id,
      name: "Casa Ponte",
      beds: { create: [{ label: "Letto 1" }, { label: "Letto 2" }, { label: "Letto 3", active: false }] },
    },
  });
  return harness.user(USERS.operator);
}

type User = ReturnType<Harness["user"]>;

async function moveMarioIn(user: User) {
  await user.pressKey("menu-people");
  await user.tap(MARIO);
  await user.tapKey("path-action-housing_in");
  await user.tapKey("date-today");
  await user.tap("Casa Ponte · Letto 1");
  await user.tapKey("path-months-later", { months: 6 });
}

describe("housing", () => {
  it("moves a person in to a free bed in 6 taps", async () => {
    const operator = await start();
    await moveMarioIn(operator);
    expect(operator.lastMessage().text).toBe(
      `✅ ${MARIO}: ingresso in Casa Ponte · Letto 1 dal 18/11/2026, fine prevista 18/05/2027.`,
    );
    expect(operator.taps).toBe(6);
    expect(operator.typed).toBe(0);
    const stay = await harness.deps.db.housingStay.findFirstOrThrow({ include: { bed: true } });
    expect(stay).toMatchObject({ fromOn: "2026-11-18", toOn: null, plannedEndOn: "2027-05-18" });
    expect(stay.bed.label).toBe("Letto 1");
    expect(await harness.deps.db.auditEntry.count({ where: { action: "housing.move_in" } })).toBe(1);
  });

  it("offers only free, active beds, and says so when none is free", async () => {
    const operator = await start();
    await moveMarioIn(operator);
    await operator.pressKey("menu-people");
    await operator.tap(LUCA);
    await operator.tapKey("path-action-housing_in");
    await operator.tapKey("date-today");
    expect(
      operator
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).toEqual(["Casa Ponte · Letto 2", "⬅️ Indietro", "✖️ Annulla"]);
    await operator.tap("Casa Ponte · Letto 2");
    await operator.send("10/11/2026");
    expect(operator.lastMessage().text).toBe("La fine prevista deve essere dopo l'ingresso.");
    await operator.tapKey("path-months-later", { months: 3 });
    await operator.pressKey("menu-people");
    await operator.tap("BOL-0003");
    await operator.tapKey("path-action-housing_in");
    await operator.tapKey("date-today");
    expect(operator.messages().map((m) => m.text)).toContain(
      "Nessun posto letto libero il 18/11/2026 nelle case delle tue sedi.",
    );
  });

  it("renews in 4 taps and moves out in 4, refusing a day before moving in", async () => {
    const operator = await start();
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    await operator.tapKey("path-action-housing_in");
    await operator.send("01/11");
    await operator.tap("Casa Ponte · Letto 1");
    await operator.send("30/04");
    operator.taps = 0;
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    expect(
      operator
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).not.toContain("🏠 Ingresso in casa");
    await operator.tapKey("path-action-housing_renew");
    expect(operator.lastMessage().text).toContain("fine prevista 30/04/2027");
    await operator.tapKey("path-months-later", { months: 3 });
    expect(operator.lastMessage().text).toBe(
      `✅ ${MARIO}: accoglienza in Casa Ponte · Letto 1 rinnovata fino al 30/07/2027.`,
    );
    expect(operator.taps).toBe(4);
    operator.taps = 0;
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    await operator.tapKey("path-action-housing_out");
    await operator.send("31/10");
    expect(operator.lastMessage().text).toBe("L'uscita non può precedere l'ingresso (01/11/2026).");
    await operator.tapKey("date-today");
    expect(operator.messages().map((m) => m.text)).toContain(
      `✅ ${MARIO}: uscita da Casa Ponte · Letto 1 il 18/11/2026.`,
    );
    expect(operator.taps).toBe(4);
    const stay = await harness.deps.db.housingStay.findFirstOrThrow({ include: { renewals: true } });
    expect(stay.toOn).toBe("2026-11-18");
    expect(stay.renewals.map((r) => [r.previousEndOn, r.newEndOn])).toEqual([["2027-04-30", "2027-07-30"]]);
  });

  it("survives a restart mid-flow and records nothing when cancelled", async () => {
    const operator = await start();
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    await operator.tapKey("path-action-housing_in");
    await operator.tapKey("date-today");
    await harness.restart();
    await operator.tap("Casa Ponte · Letto 2");
    await operator.tapKey("flow-cancel");
    expect(await harness.deps.db.housingStay.count()).toBe(0);
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    await operator.tapKey("path-action-housing_in");
    await operator.tapKey("date-today");
    await operator.tap("Casa Ponte · Letto 2");
    await harness.restart();
    await operator.tapKey("path-months-later", { months: 12 });
    expect(operator.lastMessage().text).toContain("ingresso in Casa Ponte · Letto 2");
  });
});

describe("certified courses", () => {
  async function enrolMario() {
    const course = await harness.deps.db.activity.create({
      data: { siteId: world.bollate.id, name: "HACCP", kind: "certified_training", courseHours: 40 },
    });
    await harness.deps.db.rosterEnrollment.create({
      data: { activityId: course.id, personId: world.people[0]!.id, enrolledOn: "2026-10-01" },
    });
  }

  it("records the course completed in 5 taps, then the certificate in 5", async () => {
    const operator = await start();
    await enrolMario();
    operator.taps = 0;
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    await operator.tapKey("path-action-course");
    await operator.tapKey("path-course-step-completed");
    await operator.send("30/09");
    expect(operator.lastMessage().text).toBe("La conclusione non può precedere l'iscrizione al corso.");
    await operator.tapKey("date-today");
    expect(operator.messages().map((m) => m.text)).toContain(`✅ ${MARIO}: corso HACCP concluso il 18/11/2026.`);
    expect(operator.taps).toBe(5);
    operator.taps = 0;
    await operator.pressKey("menu-people");
    await operator.tap(MARIO);
    await operator.tapKey("path-action-course");
    expect(
      operator
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).not.toContain("🎓 Corso concluso");
    await operator.tapKey("path-course-step-certificate");
    await operator.tapKey("date-today");
    expect(operator.lastMessage().text).toBe(`✅ ${MARIO}: attestato del corso HACCP ottenuto il 18/11/2026.`);
    expect(operator.taps).toBe(5);
    const enrolment = await harness.deps.db.rosterEnrollment.findFirstOrThrow();
    expect([enrolment.completedOn, enrolment.certificateOn]).toEqual(["2026-11-18", "2026-11-18"]);
    expect(await harness.deps.db.auditEntry.count({ where: { action: "course.progress" } })).toBe(2);
  });
});
