// Group attendance end to end over the emulator: tap budget, toggles edited in place, dates, duplicates,
// back/cancel/timeout/restart, post-save note and undo, and activity management for coordinators.
import { afterEach, describe, expect, it } from "vitest";
import { FLOW_TIMEOUT_MS } from "../../src/bot/flows/kit.ts";
import { addActivity, addBollatePeople, type SeededActivity } from "../helpers/activity-fixtures.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;
let arte: SeededActivity;
let cucina: SeededActivity;

// Wednesday 18 November 2026, 11:00 in Rome.
async function setUp() {
  harness = await startHarness();
  harness.clock.set("2026-11-18T11:00:00+01:00");
  world = await seedWorld(harness.deps);
  const roster = await addBollatePeople(harness.deps, world, 10);
  arte = await addActivity(harness.deps, world, {
    name: "Arteterapia",
    roster,
    schedules: [{ weekday: 3, startTime: "09:00", durationMinutes: 90 }],
    facilitatorIds: [world.staff.operator.id],
  });
  cucina = await addActivity(harness.deps, world, {
    name: "Sapori in Libertà",
    roster: roster.slice(0, 4),
    schedules: [{ weekday: 1, startTime: "14:00", durationMinutes: 120 }],
  });
}

afterEach(async () => {
  await harness.stop();
});

const sessions = () => harness.deps.db.session.findMany({ include: { attendance: true }, orderBy: { id: "asc" } });
const statusOf = (session: { attendance: { personId: number; status: string }[] }, personId: number) =>
  session.attendance.find((a) => a.personId === personId)?.status;
const expiredAnswers = () =>
  harness.emulator.calls.filter(
    (c) => c.method === "answerCallbackQuery" && c.body.text === "Questo pulsante non è più valido.",
  );

describe("group attendance", () => {
  it("logs a 10-person roster with 2 absent in at most 5 taps and no typing, editing the roster message in place", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.pressKey("menu-attendance");
    const list = operator.lastMessage();
    expect(list.text).toBe("Di quale laboratorio registri le presenze?");
    expect(
      list.buttons
        .flat()
        .map((b) => b.text)
        .slice(0, 2),
    ).toEqual(["🕙 09:00 Arteterapia · oggi", "Sapori in Libertà"]);
    await operator.tap("Arteterapia");
    const roster = operator.lastMessage();
    expect(roster.text).toContain("Arteterapia — mer 18/11");
    expect(roster.buttons.flat().filter((b) => b.text.startsWith("✅ BOL-"))).toHaveLength(10);
    const messagesBefore = operator.messages().length;
    await operator.tap(arte.roster[2]!.code);
    await operator.tap(arte.roster[7]!.code);
    expect(operator.messages()).toHaveLength(messagesBefore);
    expect(
      operator
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).toContain(`❌ ${arte.roster[2]!.label}`);
    await operator.tapKey("flow-confirm");

    expect(operator.taps).toBeLessThanOrEqual(5);
    expect(operator.typed).toBe(0);
    expect(operator.lastMessage().text).toBe(
      "✅ Presenze salvate: Arteterapia, mer 18/11.\nPresenti 8 · assenti 2 · giustificati 0",
    );
    const [saved] = await sessions();
    expect(saved).toMatchObject({
      kind: "group_activity",
      activityId: arte.id,
      occurredOn: "2026-11-18",
      durationMinutes: 90,
    });
    expect(
      saved!.attendance
        .filter((a) => a.status === "absent")
        .map((a) => a.personId)
        .sort(),
    ).toEqual([arte.roster[2]!.id, arte.roster[7]!.id].sort());
  });

  it("cycles present → absent → excused → present on the same button", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/presenze");
    await operator.tap("Arteterapia");
    const person = arte.roster[0]!;
    await operator.tap(person.code);
    await operator.tap(person.code);
    expect(
      operator
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).toContain(`🟡 ${person.label}`);
    await operator.tap(arte.roster[1]!.code);
    await operator.tap(arte.roster[1]!.code);
    await operator.tap(arte.roster[1]!.code);
    await operator.tapKey("flow-confirm");
    const [saved] = await sessions();
    expect(statusOf(saved!, person.id)).toBe("excused");
    expect(statusOf(saved!, arte.roster[1]!.id)).toBe("present");
    expect(operator.lastMessage().text).toContain("Presenti 9 · assenti 0 · giustificati 1");
  });

  it("asks the date for an activity not scheduled today: a bad or future typed date is explained and the step stays", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/presenze");
    await operator.tap("Sapori in Libertà");
    expect(operator.lastMessage().text).toContain("Sapori in Libertà: di quale giorno?");
    await operator.send("31/02");
    expect(operator.lastMessage().text).toBe("Data non valida. Scrivi per esempio 03/11 oppure 03/11/2026.");
    await operator.send("25/11/2026");
    expect(operator.lastMessage().text).toBe("La data non può essere nel futuro.");
    await operator.send("16/11");
    expect(operator.lastMessage().text).toContain("Sapori in Libertà — lun 16/11");
    await operator.tapKey("flow-confirm");
    expect((await sessions())[0]).toMatchObject({
      activityId: cucina.id,
      occurredOn: "2026-11-16",
      durationMinutes: 120,
    });
  });

  it("leaves out of the roster people not yet in charge on that date", async () => {
    await setUp();
    const [newcomer] = await addBollatePeople(harness.deps, world, 1, "2026-11-18");
    await harness.deps.db.rosterEnrollment.create({
      data: { activityId: arte.id, personId: newcomer!.id, enrolledOn: "2026-11-01" },
    });
    const operator = harness.user(USERS.operator);
    await operator.send("/presenze");
    await operator.tap("Arteterapia");
    expect(operator.lastMessage().text).toContain("mer 18/11");
    expect(
      operator
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).toContain(`✅ ${newcomer!.label}`);
    await operator.tapKey("flow-back");
    await operator.tapKey("date-yesterday");
    expect(operator.lastMessage().text).toContain("mar 17/11");
    const labels = operator
      .lastMessage()
      .buttons.flat()
      .map((b) => b.text);
    expect(labels.filter((l) => l.startsWith("✅ BOL-"))).toHaveLength(10);
    expect(labels).not.toContain(`✅ ${newcomer!.label}`);
  });

  it("offers an occurrence already logged as an edit instead of logging it twice", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/presenze");
    await operator.tap("Arteterapia");
    await operator.tap(arte.roster[0]!.code);
    await operator.tapKey("flow-confirm");

    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/presenze");
    await coordinator.tap("Arteterapia");
    expect(coordinator.lastMessage().text).toContain(
      "Le presenze di questo giorno sono già registrate (alle 11:00). Vuoi modificarle?",
    );
    await coordinator.tapKey("attendance-edit-existing");
    expect(
      coordinator
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).toContain(`❌ ${arte.roster[0]!.label}`);
    await coordinator.tap(arte.roster[0]!.code);
    await coordinator.tap(arte.roster[0]!.code);
    await coordinator.tapKey("flow-confirm");
    expect(coordinator.lastMessage().text).toContain("✅ Presenze corrette: Arteterapia, mer 18/11.");
    const all = await sessions();
    expect(all).toHaveLength(1);
    expect(statusOf(all[0]!, arte.roster[0]!.id)).toBe("present");
    const audit = await harness.deps.db.auditEntry.findFirstOrThrow({ where: { action: "session.correct" } });
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({
      before: { statuses: { [arte.roster[0]!.id]: "absent" } },
      after: { statuses: { [arte.roster[0]!.id]: "present" } },
    });
  });

  it("goes back from the roster to the date; after /annulla, reopening starts afresh without the cancelled draft", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/presenze");
    await operator.tap("Sapori in Libertà");
    await operator.tapKey("date-yesterday");
    await operator.tap(cucina.roster[1]!.code);
    await operator.tapKey("flow-back");
    expect(operator.lastMessage().text).toContain("di quale giorno?");
    await operator.send("16/11");
    await operator.tap(cucina.roster[1]!.code);
    await operator.send("/annulla");
    expect(operator.lastMessage().text).toBe("Operazione annullata: quello che non avevi confermato è stato scartato.");
    expect(await sessions()).toHaveLength(0);

    await operator.pressKey("menu-attendance");
    expect(operator.lastMessage().text).toBe("Di quale laboratorio registri le presenze?");
    await operator.tap("Sapori in Libertà");
    await operator.tapKey("flow-cancel"); // the button cancels the same way
    await operator.send("/presenze");
    expect(operator.lastMessage().text).toBe("Di quale laboratorio registri le presenze?");
  });

  it("drops with /annulla the draft a timed-out flow left, so that it is not offered again", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/presenze");
    await operator.tap("Arteterapia");
    await operator.tap(arte.roster[3]!.code);
    harness.clock.advance(FLOW_TIMEOUT_MS);
    await operator.send("/annulla");
    expect(operator.lastMessage().text).toBe("Operazione annullata: quello che non avevi confermato è stato scartato.");
    await operator.send("/presenze");
    expect(operator.lastMessage().text).toBe("Di quale laboratorio registri le presenze?");
    await operator.send("/annulla");
    await operator.send("/annulla");
    expect(operator.lastMessage().text).toBe("Non c'è nessuna operazione in corso.");
  });

  it("after a timeout says the button expired and offers the draft again", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/presenze");
    await operator.tap("Arteterapia");
    harness.clock.advance(FLOW_TIMEOUT_MS);
    await operator.tap(arte.roster[3]!.code);
    expect(expiredAnswers()).toHaveLength(1);
    expect(operator.lastMessage().text).toBe(
      "Hai una registrazione non finita (Arteterapia, mer 18/11). Vuoi riprenderla?",
    );
    await operator.tapKey("flow-draft-resume");
    await operator.tap(arte.roster[3]!.code);
    await operator.tapKey("flow-confirm");
    const [saved] = await sessions();
    expect(statusOf(saved!, arte.roster[3]!.id)).toBe("absent");
  });

  it("continues after a restart in the middle of the roster, saving once", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.pressKey("menu-attendance");
    await operator.tap("Arteterapia");
    await operator.tap(arte.roster[4]!.code);
    await harness.restart();
    await operator.tap(arte.roster[5]!.code);
    await operator.tapKey("flow-confirm");
    expect(operator.lastMessage().text).toContain("Presenti 8 · assenti 2");
    const all = await sessions();
    expect(all).toHaveLength(1);
    expect(statusOf(all[0]!, arte.roster[4]!.id)).toBe("absent");
    expect(statusOf(all[0]!, arte.roster[5]!.id)).toBe("absent");
  });

  it("adds an optional encrypted note after saving, explaining a note that is too long", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/presenze");
    await operator.tap("Arteterapia");
    await operator.tapKey("flow-confirm");
    await operator.tapKey("attendance-add-note");
    await operator.send("x".repeat(1001));
    expect(operator.lastMessage().text).toBe(
      "La nota può avere al massimo 1000 caratteri (la tua ne ha 1001). Accorciala e rimandala.",
    );
    await operator.send("Gruppo molto partecipe");
    expect(operator.lastMessage().text).toBe("📝 Nota salvata.");
    const [saved] = await sessions();
    expect(saved!.noteEnc).not.toContain("partecipe");
    expect(harness.deps.cipher.decrypt(saved!.noteEnc!, "Session.noteEnc", saved!.id)).toBe("Gruppo molto partecipe");
  });

  it("undoes within 10 minutes from the saved message, and refuses later", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/presenze");
    await operator.tap("Arteterapia");
    await operator.tapKey("flow-confirm");
    await operator.tapKey("session-undo");
    expect(operator.lastMessage().text).toBe("↩️ Registrazione annullata.");
    expect((await sessions())[0]).toMatchObject({ groupKey: null });
    expect((await sessions())[0]!.voidedAt).not.toBeNull();

    await operator.send("/presenze");
    await operator.tap("Arteterapia");
    await operator.tapKey("flow-confirm");
    harness.clock.advance(11 * 60_000);
    await operator.tapKey("session-undo");
    const refusal = harness.emulator.calls.filter((c) => c.method === "answerCallbackQuery").at(-1);
    expect(refusal?.body.text).toBe(
      "Sono passati più di 10 minuti: non puoi più annullare, ma puoi correggerla con /correggi.",
    );
    expect((await sessions())[1]!.voidedAt).toBeNull();
  });

  it("shows nothing to log to staff of a site without activities, in their language", async () => {
    await setUp();
    const other = harness.user({ ...USERS.otherOperator, languageCode: "en" });
    await harness.deps.db.staff.update({ where: { id: world.staff.otherOperator.id }, data: { locale: "en" } });
    await other.pressKey("menu-attendance");
    expect(other.lastMessage().text).toBe(
      "There are no active activities at your sites. A coordinator can create them with /activities.",
    );
  });
});

describe("activity management", () => {
  it("lets a coordinator create an activity with a weekly time, facilitators and a roster, and withdraw a person", async () => {
    await setUp();
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/laboratori");
    await coordinator.tapKey("attendance-activity-new");
    await coordinator.send("Io al lavoro");
    await coordinator.tapKey("attendance-activity-kind-certified_training");
    expect(coordinator.lastMessage().text).toContain("📋 Io al lavoro — Formazione certificata · CR Milano-Bollate");

    await coordinator.tapKey("attendance-activity-add-slot");
    await coordinator.tapKey("attendance-weekday-4");
    await coordinator.send("25:00");
    expect(coordinator.lastMessage().text).toBe("Ora non valida: scrivi per esempio 10:00 oppure 14.30.");
    await coordinator.send("14.30");
    await coordinator.tap("2 h");
    expect(coordinator.lastMessage().text).toContain("🗓 gio 14:30 (2 h)");

    await coordinator.tapKey("attendance-activity-facilitators");
    await coordinator.tap("Omar Operatore");
    await coordinator.tapKey("flow-confirm");
    expect(coordinator.lastMessage().text).toContain("🧑‍🏫 Omar Operatore");

    await coordinator.tapKey("attendance-activity-enrol");
    await coordinator.tapKey("date-today");
    await coordinator.send("ross");
    expect(coordinator.lastMessage().text).toBe("Ho trovato 2 persone: tocca quella giusta, oppure scrivi di nuovo.");
    await coordinator.tap("Mario R.");
    expect(coordinator.lastMessage().text).toContain("Iscritta/o: BOL-0001 · Mario R.");
    await coordinator.send("BOL-0002");
    expect(coordinator.lastMessage().text).toContain("Iscritta/o: BOL-0002 · Luca B.");
    await coordinator.tapKey("attendance-activity-done");
    expect(coordinator.lastMessage().text).toContain("Iscritti: 2");

    await coordinator.tapKey("attendance-activity-withdraw");
    await coordinator.tap("Luca B.");
    await coordinator.tapKey("date-today");
    expect(coordinator.lastMessage().text).toContain("Iscritti: 1");
    await coordinator.tapKey("attendance-activity-done");
    expect(coordinator.lastMessage().text).toBe("Modifiche al laboratorio salvate.");

    const activity = await harness.deps.db.activity.findFirstOrThrow({
      where: { name: "Io al lavoro" },
      include: { schedules: true, facilitators: true, roster: true },
    });
    expect(activity).toMatchObject({ kind: "certified_training", siteId: world.bollate.id });
    expect(activity.schedules).toMatchObject([{ weekday: 4, startTime: "14:30", durationMinutes: 120 }]);
    expect(activity.facilitators.map((f) => f.staffId)).toEqual([world.staff.operator.id]);
    expect(activity.roster.map((r) => [r.personId, r.withdrawnOn])).toEqual([
      [world.people[0]!.id, null],
      [world.people[1]!.id, "2026-11-18"],
    ]);
  });

  it("refuses activity management to operators", async () => {
    await setUp();
    const operator = harness.user(USERS.operator);
    await operator.send("/laboratori");
    expect(operator.lastMessage().text).toBe("Non hai i permessi per questa operazione.");
  });
});
