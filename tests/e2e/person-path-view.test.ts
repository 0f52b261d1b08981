// /persona CODE over the emulator: the person's path in date order, a dozen steps a page with ◀️ ▶️, within
// Telegram's limits, refused outside the reader's sites in the same words as an unknown code, every read audited.
import { afterEach, describe, expect, it } from "vitest";
import { changeLegalStatus } from "../../src/services/legal-status.ts";
import { dischargePerson, transferPerson } from "../../src/services/person-moves.ts";
import { endInternship, startInternship } from "../../src/services/internships.ts";
import { recordReferral, decideReferral } from "../../src/services/referrals.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;
afterEach(() => harness.stop());

async function start() {
  harness = await startHarness();
  harness.clock.set("2026-11-18T11:00:00+01:00");
  world = await seedWorld(harness.deps);
}

/** Mario: a referral taken on, status changes, an internship ended with a hire, discharged; Luca: a long path. */
async function buildPaths() {
  const coordinator = world.staff.coordinator.actor;
  const mario = world.people[0]!;
  const referral = await recordReferral(harness.deps, coordinator, {
    siteId: world.bollate.id,
    receivedOn: "2026-01-10",
    source: "uepe",
    personId: mario.id,
  });
  await decideReferral(harness.deps, coordinator, {
    referralId: referral.id,
    decision: "accepted",
    decidedOn: "2026-01-15",
  });
  await changeLegalStatus(harness.deps, coordinator, {
    personId: mario.id,
    status: "semi_liberty",
    fromOn: "2026-04-01",
  });
  const internship = await startInternship(harness.deps, coordinator, {
    personId: mario.id,
    host: { name: "Cooperativa Il Sole", kind: "third_sector" },
    startsOn: "2026-05-04",
    plannedEndOn: "2026-11-04",
    hoursPerWeek: 20,
  });
  await endInternship(harness.deps, coordinator, {
    internshipId: internship.id,
    endsOn: "2026-10-30",
    outcome: "hired_by_host",
    contract: "permanent",
  });
  await dischargePerson(harness.deps, coordinator, { personId: mario.id, outcome: "goals_achieved", on: "2026-11-16" });
  const luca = world.people[1]!;
  const statuses = ["semi_liberty", "work_outside_art21", "home_detention", "probation_social_services"] as const;
  for (let month = 2; month <= 11; month++)
    await changeLegalStatus(harness.deps, coordinator, {
      personId: luca.id,
      status: statuses[month % statuses.length]!,
      fromOn: `2026-${String(month).padStart(2, "0")}-01`,
    });
  await transferPerson(harness.deps, coordinator, { personId: luca.id, toSiteId: world.opera.id, on: "2026-11-10" });
}

describe("the person's path", () => {
  it("lists the steps in date order, discharge included", async () => {
    await start();
    await buildPaths();
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/persona BOL-0001");
    expect(coordinator.lastMessage().text).toBe(
      [
        "🧭 BOL-0001 · Mario R.: percorso",
        "10/01/2026 · 📨 Segnalazione (UEPE): presa in carico",
        "15/01/2026 · 🟢 Presa in carico · CR Milano-Bollate",
        "15/01/2026 · ⚖️ Detenuto/a – definitivo",
        "01/04/2026 · ⚖️ Semilibertà",
        "04/05/2026 · 💼 Tirocinio presso Cooperativa Il Sole (fine prevista 04/11/2026)",
        "30/10/2026 · 💼 Fine del tirocinio presso Cooperativa Il Sole: Assunto/a dall'azienda ospitante",
        "30/10/2026 · 🤝 Assunzione: Cooperativa Il Sole · Tempo indeterminato",
        "16/11/2026 · 🚪 Dimissione: Obiettivi raggiunti",
      ].join("\n"),
    );
    const audit = await harness.deps.db.auditEntry.findFirstOrThrow({ where: { action: "person.path_view" } });
    expect(audit.personId).toBe(world.people[0]!.id);
    expect(JSON.parse(audit.details ?? "{}")).toEqual({ via: "site", page: 1 });
  });

  it("pages a long path with ◀️ ▶️, each page read audited, and follows a transfer", async () => {
    await start();
    await buildPaths();
    // Luca now belongs to Opera: Opera's operator reads his path, Bollate's coordinator no longer does.
    const reader = harness.user(USERS.otherOperator);
    await reader.send("/persona bol-0002");
    const first = reader.lastMessage();
    expect(first.text).toContain("Pagina 1 di 2");
    expect(first.text.split("\n")).toHaveLength(1 + 12 + 2);
    expect(first.buttons.flat().map((b) => b.text)).toEqual(["◀️", "▶️"]);
    await reader.tap("▶️");
    const second = reader.lastMessage();
    expect(second.messageId).toBe(first.messageId);
    expect(second.text).toContain("Pagina 2 di 2");
    expect(second.text).toContain("10/11/2026 · 🔀 Trasferimento: CR Milano-Bollate → CR Milano-Opera");
    expect(await harness.deps.db.auditEntry.count({ where: { action: "person.path_view" } })).toBe(2);

    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send("/persona BOL-0002");
    const refusal = coordinator.lastMessage().text;
    await coordinator.send("/persona BOL-0999");
    expect(coordinator.lastMessage().text).toBe(refusal);
    expect(refusal).not.toContain("Luca");
  });

  it("opens from 👤 Persone in 3 taps, for operators too", async () => {
    await start();
    await buildPaths();
    const operator = harness.user(USERS.operator);
    await operator.pressKey("menu-people");
    await operator.tap("BOL-0003 · Giulia R.");
    await operator.tapKey("path-open-view");
    expect(operator.lastMessage().text).toBe(
      [
        "🧭 BOL-0003 · Giulia R.: percorso",
        "15/01/2026 · 🟢 Presa in carico · CR Milano-Bollate",
        "15/01/2026 · ⚖️ Detenuto/a – definitivo",
      ].join("\n"),
    );
    expect(operator.taps).toBe(3);
    expect(await harness.deps.db.auditEntry.count({ where: { action: "person.path_view" } })).toBe(1);
  });
});
