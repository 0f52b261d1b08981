// Who sees a plan, end to end: on-call staff only during their shift, break the glass with a typed reason for
// everyone else (4 hours, case manager and coordinators told), and every read in the audit log.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { createTestClock } from "../helpers/database.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { addShift, seedPlan } from "../helpers/plan-fixtures.ts";

let harness: Harness;
let world: World;

const NOT_FOUND = "Nessun risultato tra le persone che puoi consultare.";
const ASK_REASON =
  "🔓 Accesso straordinario. Scrivi il motivo (almeno 3 parole e 20 caratteri). L'accesso dura 4 ore, viene registrato, e il case manager, i coordinatori della sede e gli amministratori del progetto vengono avvisati.";
const TOO_SHORT = "Scrivi il motivo a parole: almeno 3 parole e 20 caratteri, perché ti serve il Progetto (PEI).";

beforeEach(async () => {
  harness = await startHarness({ clock: createTestClock("2026-11-18T21:30:00+01:00") });
  world = await seedWorld(harness.deps);
  await seedPlan(harness.deps, mario().id, {
    crisis: { riskSigns: "Agitazione", whatToDo: "Restare con lui", whomToCall: "CPS Bollate 02 555" },
  });
});
afterEach(async () => {
  await harness.stop();
});

const mario = () => world.people[0] as World["people"][number];

async function auditActions() {
  return (await harness.deps.db.auditEntry.findMany({ orderBy: { id: "asc" } })).map((entry) => entry.action);
}

describe("on-call scope", () => {
  it("shows the plans of the shift's sites only while the shift runs", async () => {
    await addShift(
      harness.deps,
      world.staff.onCall.id,
      [world.bollate.id],
      new Date("2026-11-18T20:00:00+01:00"),
      new Date("2026-11-19T08:00:00+01:00"),
    );
    const onCall = harness.user(USERS.onCall);
    await onCall.send("/piano rossi");
    expect(onCall.lastMessage().text).toContain(`📁 ${mario().code} · Mario R.`);
    expect(onCall.lastMessage().text).toContain("Chi chiamare: CPS Bollate 02 555");
    expect(
      onCall
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).not.toContain("✏️ Modifica Progetto (PEI)");
    const view = await harness.deps.db.auditEntry.findFirstOrThrow({ where: { action: "plan.view" } });
    expect(JSON.parse(view.details ?? "{}")).toEqual({ page: "card", via: "on_call" });

    // The card's buttons stop working with the shift as well.
    harness.clock.set("2026-11-19T08:00:01+01:00");
    await onCall.tapKey("plans-button-network");
    const popup = harness.emulator.calls.filter((c) => c.method === "answerCallbackQuery").at(-1);
    expect(popup?.body.text).toBe(NOT_FOUND);
    await onCall.send("/piano rossi");
    expect(onCall.lastMessage().text).toBe(
      `${NOT_FOUND}\nPer una persona fuori dalle tue sedi scrivi il codice esatto.`,
    );
    await onCall.send(`/piano ${mario().code}`);
    expect(onCall.lastMessage().text).toContain(NOT_FOUND);
    expect(
      onCall
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).toEqual(["🔓 Accesso straordinario"]);
    expect(await harness.deps.db.auditEntry.count({ where: { action: "plan.view" } })).toBe(1);
  });

  it("does not open plans of other sites during a shift", async () => {
    await addShift(
      harness.deps,
      world.staff.onCall.id,
      [world.bollate.id],
      new Date("2026-11-18T20:00:00+01:00"),
      new Date("2026-11-19T08:00:00+01:00"),
    );
    const onCall = harness.user(USERS.onCall);
    await onCall.send("/piano benali");
    expect(onCall.lastMessage().text).toContain(NOT_FOUND);
  });
});

describe("break the glass", () => {
  it("refuses a missing or short reason, then grants 4 hours and tells the case manager, coordinator and admin", async () => {
    const outsider = harness.user(USERS.otherOperator);
    await outsider.send(`/piano ${mario().code}`);
    await outsider.tapKey("plans-button-break-glass");
    expect(outsider.lastMessage().text).toBe(ASK_REASON);
    expect(
      outsider
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).toEqual(["✖️ Annulla"]);
    await outsider.send("   .   ");
    expect(outsider.lastMessage().text).toBe(ASK_REASON);
    await outsider.send("urgente");
    expect(
      outsider
        .messages()
        .map((m) => m.text)
        .slice(-4),
    ).toEqual([TOO_SHORT, ASK_REASON, TOO_SHORT, ASK_REASON]);
    expect(await harness.deps.db.breakGlassGrant.count()).toBe(0);

    await outsider.send("Crisi nella notte, serve sapere chi chiamare");
    const card = outsider.lastMessage().text;
    expect(card).toContain(`📁 ${mario().code} · Mario R.`);
    expect(card).toContain("🔓 Accesso straordinario: registrato e notificato.");
    expect(card).toContain("Chi chiamare: CPS Bollate 02 555");
    const grant = await harness.deps.db.breakGlassGrant.findFirstOrThrow();
    expect(grant.expiresAt.toISOString()).toBe(new Date("2026-11-19T01:30:00+01:00").toISOString());

    await harness.outbox.idle();
    await harness.outbox.drain();
    const expected = [
      `🔓 Accesso straordinario: Olga Altrove ha aperto il Progetto (PEI) di ${mario().code} · Mario R.`,
      "Motivo: «Crisi nella notte, serve sapere chi chiamare»",
      "Valido fino a: 19/11 01:30",
    ].join("\n");
    expect(harness.user(USERS.operator).lastMessage().text).toBe(expected);
    expect(harness.user(USERS.coordinator).lastMessage().text).toBe(expected);
    expect(harness.user(USERS.admin).lastMessage().text).toBe(expected);
    expect((await harness.deps.db.delivery.findMany()).map((d) => d.dedupeKey).sort()).toEqual(
      [
        `breakglass:${grant.id}:${world.staff.admin.id}`,
        `breakglass:${grant.id}:${world.staff.operator.id}`,
        `breakglass:${grant.id}:${world.staff.coordinator.id}`,
      ].sort(),
    );
    expect(await auditActions()).toEqual([
      "plan.break_glass_refused",
      "plan.break_glass_refused",
      "plan.break_glass",
      "plan.view",
    ]);

    // Within the 4 hours the code opens the card directly; afterwards it no longer does.
    harness.clock.advance(3 * 3600_000);
    await outsider.send(`/piano ${mario().code}`);
    expect(outsider.lastMessage().text).toContain(`📁 ${mario().code} · Mario R.`);
    harness.clock.advance(3600_000);
    await outsider.send(`/piano ${mario().code}`);
    expect(outsider.lastMessage().text).toContain(NOT_FOUND);
  });

  it("does not grant anything when the user cancels or switches task instead of typing a reason", async () => {
    const outsider = harness.user(USERS.otherOperator);
    await outsider.send(`/piano ${mario().code}`);
    await outsider.tapKey("plans-button-break-glass");
    await outsider.send("/annulla");
    await outsider.tapKey("plans-button-break-glass");
    await outsider.send("/piano rossi");
    expect(outsider.lastMessage().text).toContain(NOT_FOUND);
    expect(await harness.deps.db.breakGlassGrant.count()).toBe(0);
    expect(await harness.deps.db.delivery.count()).toBe(0);
  });

  it("treats an unknown code exactly like a real one until the reason is given, then refuses and audits", async () => {
    const outsider = harness.user(USERS.otherOperator);
    const flow = async (code: string) => {
      const before = outsider.messages().length;
      await outsider.send(`/piano ${code}`);
      await outsider.tapKey("plans-button-break-glass");
      await outsider.send("breve");
      return outsider
        .messages()
        .slice(before)
        .map((m) => [m.text, m.buttons.flat().map((b) => b.text)]);
    };
    expect(await flow("BOL-0999")).toEqual(await flow(mario().code));
    await outsider.send("/annulla");
    await outsider.send("/piano BOL-0999");
    await outsider.tapKey("plans-button-break-glass");
    await outsider.send("Crisi nella notte, serve il piano");
    expect(outsider.lastMessage().text).toBe(NOT_FOUND);
    const refused = await harness.deps.db.auditEntry.findMany({ where: { action: "plan.break_glass_refused" } });
    expect(refused.map((r) => [r.subjectId, JSON.parse(r.details ?? "{}").cause])).toEqual([
      ["BOL-0999", "reason_too_short"],
      [mario().code, "reason_too_short"],
      ["BOL-0999", "unknown_code"],
    ]);
    expect(await harness.deps.db.breakGlassGrant.count()).toBe(0);
  });
});

describe("audit of reads", () => {
  it("records every read and shows it to the person's coordinator with /audit", async () => {
    await addShift(
      harness.deps,
      world.staff.onCall.id,
      [world.bollate.id],
      new Date("2026-11-18T20:00:00+01:00"),
      new Date("2026-11-19T08:00:00+01:00"),
    );
    const onCall = harness.user(USERS.onCall);
    await onCall.send(`/piano ${mario().code}`);
    await onCall.tapKey("plans-button-goals");
    await onCall.tapKey("plans-button-network");
    await onCall.tapKey("plans-button-history");
    await onCall.tapKey("plans-button-full-name");
    expect(
      await harness.deps.db.auditEntry.count({ where: { action: "plan.view", actorId: world.staff.onCall.id } }),
    ).toBe(5);

    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send(`/audit ${mario().code}`);
    expect(coordinator.lastMessage().text.split("\n")).toEqual([
      `🔎 Registro accessi di ${mario().code} · Mario R. (dal più recente):`,
      "",
      "• 18/11/2026 21:30 · Rita Reperibile · ha letto: nome completo (reperibilità)",
      "• 18/11/2026 21:30 · Rita Reperibile · ha letto: storico (reperibilità)",
      "• 18/11/2026 21:30 · Rita Reperibile · ha letto: rete (reperibilità)",
      "• 18/11/2026 21:30 · Rita Reperibile · ha letto: obiettivi (reperibilità)",
      "• 18/11/2026 21:30 · Rita Reperibile · ha letto: scheda (reperibilità)",
    ]);
  });
});
