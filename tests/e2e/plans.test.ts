// Plans end to end: the card from /piano and the menu, its pages, the full name, editing, history, /audit,
// /senzapiano, review reminders and deleting cards after their time, driven over the Bot API emulator.
import { Api } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deleteExpiredPlanCards } from "../../src/jobs/plan-cards.ts";
import { queuePlanlessLists, queueReviewReminders } from "../../src/jobs/plan-reviews.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { BOT_TOKEN, type Harness, startHarness } from "../helpers/harness.ts";
import { addContact, addEvent, hugePlanSeed, seedPlan } from "../helpers/plan-fixtures.ts";

let harness: Harness;
let world: World;

beforeEach(async () => {
  harness = await startHarness();
  world = await seedWorld(harness.deps);
});
afterEach(async () => {
  await harness.stop();
});

const mario = () => world.people[0] as World["people"][number];

async function planViews() {
  return harness.deps.db.auditEntry.findMany({ where: { action: "plan.view" }, orderBy: { id: "asc" } });
}

describe("the plan card", () => {
  it("shows the card of DESIGN §3 for /piano <code>, and leaves an audit entry", async () => {
    await seedPlan(harness.deps, mario().id, {
      crisis: {
        riskSigns: "Si chiude in stanza",
        whatToDo: "Parlare con calma, niente contenzione",
        whomToCall: "CPS Bollate 02 555",
      },
      goals: [
        { area: "work", text: "Tirocinio in cucina", targetOn: "2027-03-01" },
        { area: "housing", text: "Casa trovata", status: "achieved" },
      ],
      network: [{ service: "CPS Bollate", referent: "dott.ssa Verdi", phone: "02 555" }],
      reviewOn: "2027-01-15",
      approvedById: world.staff.coordinator.id,
    });
    const now = harness.clock.now().getTime();
    await addContact(harness.deps, mario().id, world.bollate.id, world.staff.operator.id, new Date(now - 86_400_000));
    await addEvent(
      harness.deps,
      mario().id,
      world.bollate.id,
      world.staff.operator.id,
      new Date(now - 3 * 86_400_000),
      "self_harm",
    );

    const operator = harness.user(USERS.operator);
    await operator.send(`/piano ${mario().code}`);
    const card = operator.lastMessage();
    expect(card.text).toBe(
      [
        `📁 ${mario().code} · Mario R.`,
        "Detenuto/a – definitivo · CR Milano-Bollate",
        "Case manager: Omar Operatore · +39 333 000 0000",
        "Progetto (PEI) v1 · approvato da Carla Coordinatrice il 18/11/2026",
        "",
        "🆘 Note per la crisi",
        "Segnali di rischio: Si chiude in stanza",
        "Cosa fare: Parlare con calma, niente contenzione",
        "Chi chiamare: CPS Bollate 02 555",
        "",
        "🤝 Servizi e referenti",
        "• CPS Bollate · dott.ssa Verdi · 02 555",
        "",
        "🚨 Eventi critici (ultimi 30 giorni)",
        "• 15/11/2026 · Autolesionismo · gravità 3",
        "",
        "🎯 Obiettivi attivi",
        "• Lavoro e formazione: Tirocinio in cucina (entro il 01/03/2027)",
        "",
        "🗓 Ultimi contatti",
        "• 17/11/2026 · Colloquio educativo",
        "",
        "📅 Prossima revisione: 15/01/2027",
      ].join("\n"),
    );
    expect(card.buttons.flat().map((b) => b.text)).toEqual([
      "🎯 Obiettivi",
      "🤝 Rete",
      "🕓 Storico",
      "👤 Nome completo",
      "✏️ Modifica Progetto (PEI)",
    ]);
    expect(card.text).not.toContain("Rossi");
    const views = await planViews();
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ actorId: world.staff.operator.id, personId: mario().id, subjectId: mario().code });
  });

  it("keeps the card of the largest plan in the fixtures within 4096 characters", async () => {
    await seedPlan(harness.deps, mario().id, hugePlanSeed());
    const now = harness.clock.now().getTime();
    for (let day = 1; day <= 25; day++) {
      await addEvent(
        harness.deps,
        mario().id,
        world.bollate.id,
        world.staff.operator.id,
        new Date(now - day * 86_400_000),
      );
      await addContact(
        harness.deps,
        mario().id,
        world.bollate.id,
        world.staff.operator.id,
        new Date(now - day * 3600_000),
      );
    }
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send(`/piano ${mario().code}`);
    const card = coordinator.lastMessage().text;
    expect(card.length).toBeGreaterThan(3500);
    expect(card.length).toBeLessThanOrEqual(4096);
    expect(card).toContain("Chi chiamare: Chiamare lorem ipsum");
    expect(card).toContain("📅 Prossima revisione: 15/01/2027");
    expect(card).toMatch(/… e altri \d+/);
    for (const button of ["🎯 Obiettivi", "🤝 Rete", "🕓 Storico"]) {
      await coordinator.tap(button);
      expect(coordinator.lastMessage().text.length).toBeLessThanOrEqual(4096);
    }
  });

  it("offers buttons when several people match a name, then opens the chosen card", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/piano ross");
    const choice = operator.lastMessage();
    expect(choice.text).toBe("Più persone corrispondono. Scegli:");
    expect(choice.buttons.flat().map((b) => b.text)).toEqual([
      `${mario().code} · Mario R.`,
      `${world.people[2]?.code} · Giulia R.`,
    ]);
    await operator.tap("Giulia R.");
    expect(operator.lastMessage().text).toContain(`📁 ${world.people[2]?.code} · Giulia R.`);
    expect(operator.lastMessage().text).toContain("⚠️ Nessun Progetto (PEI) attivo");
    expect(
      operator
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).toContain("➕ Crea Progetto (PEI)");
  });

  it("asks for a code or name from the 📁 Progetto (PEI) menu button", async () => {
    const operator = harness.user(USERS.operator);
    await operator.pressKey("menu-plan");
    expect(operator.lastMessage().text).toBe(
      "Di chi vuoi vedere il Progetto (PEI)? Scrivi il codice (es. BOL-0042) o parte del nome.",
    );
    await operator.send("bianchi");
    expect(operator.lastMessage().text).toContain(`📁 ${world.people[1]?.code} · Luca B.`);
    expect(await planViews()).toHaveLength(1);
  });

  it("answers no match and not allowed with the same words", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/piano zzzz");
    await operator.send("/piano benali");
    const [unknown, outOfScope] = operator.messages().map((m) => m.text);
    expect(unknown).toBe(outOfScope);
    expect(unknown).toContain("Nessun risultato tra le persone che puoi consultare.");
    await operator.send("/piano BOL-0999");
    await operator.send(`/piano ${world.people[3]?.code}`);
    const [unknownCode, outOfScopeCode] = operator.messages().slice(2);
    expect(unknownCode?.text).toBe(outOfScopeCode?.text);
    expect(unknownCode?.buttons.map((row) => row.map((b) => b.text))).toEqual(
      outOfScopeCode?.buttons.map((row) => row.map((b) => b.text)),
    );
    expect(outOfScopeCode?.text).not.toContain(world.people[3]?.code ?? "-");
    expect(await planViews()).toHaveLength(0);
  });
});

describe("pages, full name and audit", () => {
  it("audits each page and the full name, shown only in a pop-up", async () => {
    await seedPlan(harness.deps, mario().id, {
      objective: "Casa e lavoro",
      goals: [{ area: "work", text: "Tirocinio" }],
      interventions: [{ area: "work", what: "Orientamento al lavoro", who: "Omar", frequency: "settimanale" }],
      network: [{ service: "SerD Rho", referent: "Bruno", phone: "02 777" }],
    });
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send(`/piano ${mario().code}`);
    await coordinator.tapKey("plans-button-goals");
    expect(coordinator.lastMessage().text).toContain("Casa e lavoro");
    expect(coordinator.lastMessage().text).toContain(
      "• Lavoro e formazione: Orientamento al lavoro · Omar · settimanale",
    );
    await coordinator.tapKey("plans-button-network");
    expect(coordinator.lastMessage().text).toContain("• SerD Rho · Bruno · 02 777");
    await coordinator.tapKey("plans-button-history");
    expect(coordinator.lastMessage().text).toContain("• v1 · 18/11/2026 · importazione · in vigore");
    await coordinator.tapKey("plans-button-full-name");
    const popup = harness.emulator.calls.filter((c) => c.method === "answerCallbackQuery").at(-1);
    expect(popup?.body).toMatchObject({ text: `${mario().code}: Mario Rossi`, show_alert: true });
    expect(coordinator.transcript()).not.toContain("Rossi");
    expect((await planViews()).map((v) => JSON.parse(v.details ?? "{}").page)).toEqual([
      "card",
      "goals",
      "network",
      "history",
      "full_name",
    ]);

    await coordinator.send(`/audit ${mario().code}`);
    const log = coordinator.lastMessage().text;
    expect(log).toContain(`🔎 Registro accessi di ${mario().code} · Mario R.`);
    expect(log).toContain("18/11/2026 10:00 · Carla Coordinatrice · ha letto: nome completo");
    expect(log).toContain("Carla Coordinatrice · ha letto: scheda");
  });

  it("refuses /audit to operators and forged page buttons to outsiders with the same words", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send(`/audit ${mario().code}`);
    await operator.send("/audit BOL-0999");
    expect(operator.messages().map((m) => m.text)).toEqual([
      "Nessun risultato tra le persone che puoi consultare.",
      "Nessun risultato tra le persone che puoi consultare.",
    ]);
    const outsider = harness.user(USERS.otherOperator);
    for (const data of [`plan:card:${mario().id}`, `plan:name:${mario().id}`, "plan:goals:99999"]) {
      await outsider.sendCallback(data, 1);
      const popup = harness.emulator.calls.filter((c) => c.method === "answerCallbackQuery").at(-1);
      expect(popup?.body.text).toBe("Nessun risultato tra le persone che puoi consultare.");
    }
    expect(outsider.messages()).toHaveLength(0);
    expect(await planViews()).toHaveLength(0);
  });
});

describe("editing", () => {
  it("lets the case manager create a plan step by step, and a coordinator approve it; each change is a version", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send(`/piano ${mario().code}`);
    await operator.tapKey("plans-button-create");
    expect(operator.lastMessage().text).toBe(`✏️ ${mario().code} · Mario R.: nuovo Progetto (PEI). Cosa vuoi inserire?`);
    expect(
      operator
        .lastMessage()
        .buttons.flat()
        .map((b) => b.text),
    ).not.toContain("✅ Approva");

    await operator.tapKey("plans-edit-crisis");
    await operator.send("Insonnia, chiusura");
    await operator.send("Chiamare il CPS");
    await operator.send("CPS Bollate 02 555");
    expect(operator.lastMessage().text).toBe(
      `✅ Salvato: Progetto (PEI) v1.\n\n✏️ ${mario().code} · Mario R.: Progetto (PEI) v1. Cosa vuoi modificare?`,
    );

    await operator.tapKey("plans-edit-add-goal");
    await operator.tapKey("plans-area-work");
    await operator.send("Tirocinio in cucina");
    await operator.send("1/3/2027");
    await operator.tapKey("plans-edit-add-contact");
    await operator.send("SerD Rho");
    await operator.tapKey("flow-skip");
    await operator.send("abc");
    expect(operator.lastMessage().text).toBe("Numero non valido: usa cifre, spazi, + e trattini.");
    await operator.send("+39 02 777");
    await operator.tapKey("plans-edit-review");
    await operator.send("10/11/2026");
    expect(operator.lastMessage().text).toBe("La data non può essere nel passato.");
    await operator.send("15/01/2027");
    await operator.tapKey("plans-edit-done");
    expect(operator.lastMessage().text).toBe("Modifiche al Progetto (PEI) concluse.");

    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send(`/piano ${mario().code}`);
    expect(coordinator.lastMessage().text).toContain("Progetto (PEI) v4 · ⚠️ da approvare");
    await coordinator.tapKey("plans-button-edit");
    await coordinator.tapKey("plans-edit-approve");
    await coordinator.tapKey("flow-confirm");
    expect(coordinator.lastMessage().text).toMatch(/^✅ Salvato: Progetto \(PEI\) v5\.\n/);
    await coordinator.tapKey("plans-edit-close-goal");
    await coordinator.tap("Tirocinio in cucina");
    await coordinator.tapKey("plans-goal-status-achieved");
    await coordinator.tapKey("plans-edit-done");

    const plans = await harness.deps.db.plan.findMany({
      where: { personId: mario().id },
      orderBy: { version: "asc" },
      include: { goals: true, network: true },
    });
    expect(plans.map((p) => p.status)).toEqual(["closed", "closed", "closed", "closed", "closed", "active"]);
    const active = plans[5];
    expect(active?.reviewOn).toBe("2027-01-15");
    expect(active?.approvedById).toBeNull();
    expect(plans[4]?.approvedById).toBe(world.staff.coordinator.id);
    expect(
      active?.goals.map((g) => [
        harness.deps.cipher.decrypt(g.textEnc, "PlanGoal.textEnc", g.id),
        g.status,
        g.targetOn,
      ]),
    ).toEqual([["Tirocinio in cucina", "achieved", "2027-03-01"]]);
    expect(
      active?.network.map((c) => [
        c.service,
        harness.deps.cipher.decryptOptional(c.referentEnc, "PlanNetworkContact.referentEnc", c.id),
        harness.deps.cipher.decryptOptional(c.phoneEnc, "PlanNetworkContact.phoneEnc", c.id),
      ]),
    ).toEqual([["SerD Rho", null, "+39 02 777"]]);

    await coordinator.send(`/piano ${mario().code}`);
    await coordinator.tapKey("plans-button-history");
    expect(coordinator.lastMessage().text.split("\n").slice(2)).toEqual([
      "• v6 · 18/11/2026 · Carla Coordinatrice · obiettivo chiuso · in vigore",
      "• v5 · 18/11/2026 · Carla Coordinatrice · approvazione · approvato da Carla Coordinatrice",
      "• v4 · 18/11/2026 · Omar Operatore · data di revisione",
      "• v3 · 18/11/2026 · Omar Operatore · nuovo contatto di rete",
      "• v2 · 18/11/2026 · Omar Operatore · nuovo obiettivo",
      "• v1 · 18/11/2026 · Omar Operatore · note per la crisi",
    ]);
  });

  it("keeps what was typed when the user turns to something else, and offers it again; /annulla drops it", async () => {
    const operator = harness.user(USERS.operator);
    await operator.sendCallback(`plan:edit:${mario().id}`, 1);
    await operator.tapKey("plans-edit-crisis");
    await operator.send("Cefalea");
    await operator.send("/annulla");
    await operator.sendCallback(`plan:edit:${mario().id}`, 1);
    expect(operator.lastMessage().text).toContain("nuovo Progetto (PEI). Cosa vuoi inserire?");
    await operator.tapKey("plans-edit-crisis");
    await operator.send("Insonnia");
    await operator.send("/aiuto");
    await operator.sendCallback(`plan:edit:${mario().id}`, 1);
    expect(operator.lastMessage().text).toContain(`(${mario().code}: 🆘 Note per la crisi)`);
    await operator.tapKey("flow-draft-resume");
    expect(operator.lastMessage().text).toBe("Note per la crisi (2/3). Cosa fare?");
    await operator.send("Chiamare il CPS");
    await operator.send("CPS 02 555");
    expect(operator.lastMessage().text).toMatch(/^✅ Salvato: Progetto \(PEI\) v1\.\n/);
    const plan = await harness.deps.db.plan.findFirstOrThrow({ where: { personId: mario().id } });
    expect(
      JSON.parse(harness.deps.cipher.decrypt(plan.crisisNotesEnc ?? "", "Plan.crisisNotesEnc", plan.id)).riskSigns,
    ).toBe("Insonnia");
  });

  it("does not let an operator who is not the case manager edit", async () => {
    const outsider = harness.user(USERS.otherOperator);
    await outsider.sendCallback(`plan:edit:${mario().id}`, 1);
    expect(outsider.lastMessage().text).toBe("Nessun risultato tra le persone che puoi consultare.");
    expect(await harness.deps.db.plan.count()).toBe(0);
  });
});

describe("reminders and lists", () => {
  it("reminds the case manager 7 days before the review and once when it is overdue, never twice", async () => {
    harness.clock.set("2026-11-18T07:00:00+01:00");
    await seedPlan(harness.deps, mario().id, { reviewOn: "2026-11-25" });
    await seedPlan(harness.deps, (world.people[1] as World["people"][number]).id, { reviewOn: "2026-12-20" });
    expect(await queueReviewReminders(harness.deps)).toBe(1);
    expect(await queueReviewReminders(harness.deps)).toBe(0);
    const soon = await harness.deps.db.delivery.findFirstOrThrow();
    expect(soon.dedupeKey).toMatch(/^plan-review:\d+:soon$/);
    expect(soon.recipientId).toBe(world.staff.operator.id);
    // Queued before office hours: it waits until 08:00.
    expect(soon.nextAttemptAt.toISOString()).toBe(new Date("2026-11-18T08:00:00+01:00").toISOString());

    harness.clock.set("2026-11-25T09:00:00+01:00");
    expect(await queueReviewReminders(harness.deps)).toBe(0);
    harness.clock.set("2026-11-26T09:00:00+01:00");
    expect(await queueReviewReminders(harness.deps)).toBe(1);
    harness.clock.set("2026-11-27T09:00:00+01:00");
    expect(await queueReviewReminders(harness.deps)).toBe(0);

    await harness.outbox.drain();
    const operator = harness.user(USERS.operator);
    expect(operator.messages().map((m) => m.text)).toEqual([
      `⏰ La revisione del Progetto (PEI) di ${mario().code} · Mario R. è prevista il 25/11/2026.`,
      `⚠️ La revisione del Progetto (PEI) di ${mario().code} · Mario R. è scaduta il 25/11/2026.`,
    ]);
    await operator.tapKey("plans-button-open-card");
    expect(operator.lastMessage().text).toContain(`📁 ${mario().code} · Mario R.`);
  });

  it("reminds the site's coordinators instead when the case manager has been deactivated", async () => {
    await seedPlan(harness.deps, mario().id, { reviewOn: "2026-11-20" });
    await harness.deps.db.staff.update({ where: { id: world.staff.operator.id }, data: { active: false } });
    expect(await queueReviewReminders(harness.deps)).toBe(1);
    const delivery = await harness.deps.db.delivery.findFirstOrThrow();
    expect(delivery.recipientId).toBe(world.staff.coordinator.id);
    expect(delivery.dedupeKey).toMatch(new RegExp(`^plan-review:\\d+:soon:${world.staff.coordinator.id}$`));
  });

  it("lists people without an active plan for coordinators, on demand and weekly", async () => {
    await seedPlan(harness.deps, mario().id, { objective: "x" });
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/senzapiano");
    expect(coordinator.lastMessage().text).toBe(
      `Persone in carico senza un Progetto (PEI) attivo:\n• ${world.people[1]?.code} · Luca B.\n• ${world.people[2]?.code} · Giulia R.`,
    );
    expect(await queuePlanlessLists(harness.deps)).toBe(1);
    expect(await queuePlanlessLists(harness.deps)).toBe(0);
    const weekly = await harness.deps.db.delivery.findFirstOrThrow();
    expect(weekly).toMatchObject({
      recipientId: world.staff.coordinator.id,
      dedupeKey: `plan-missing:2026-W47:${world.staff.coordinator.id}`,
    });
    const operator = harness.user(USERS.operator);
    await operator.send("/senzapiano");
    expect(operator.lastMessage().text).toBe(
      "Tutte le persone in carico nelle tue sedi hanno un Progetto (PEI) attivo.",
    );
  });

  it("deletes plan cards from the chat after PLAN_CARD_TTL_HOURS", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send(`/piano ${mario().code}`);
    await operator.send("/piano ross");
    expect(operator.messages()).toHaveLength(2);
    const api = new Api(BOT_TOKEN, { apiRoot: harness.emulator.apiRoot });
    expect(await deleteExpiredPlanCards(harness.deps, api, 2)).toBe(0);
    harness.clock.advance(2 * 3600_000);
    expect(await deleteExpiredPlanCards(harness.deps, api, 0)).toBe(0); // 0 = off
    expect(operator.messages()).toHaveLength(2);
    expect(await deleteExpiredPlanCards(harness.deps, api, 2)).toBe(1);
    expect(operator.messages().map((m) => m.text)).toEqual(["Più persone corrispondono. Scegli:"]);
    expect(await deleteExpiredPlanCards(harness.deps, api, 2)).toBe(0);
  });
});
