// /segnalazione over the emulator: a coordinator records a referral and decides it then or later; taking it on
// creates the person with the legal status at intake; back, cancel, bad input, restart, taps counted.
import { afterEach, describe, expect, it } from "vitest";
import { seedWorld, USERS } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
afterEach(() => harness.stop());

// Wednesday 18 November 2026, 11:00 in Rome. The coordinator works at Bollate only.
async function start(user: (typeof USERS)[keyof typeof USERS] = USERS.coordinator) {
  harness = await startHarness();
  harness.clock.set("2026-11-18T11:00:00+01:00");
  await seedWorld(harness.deps);
  return harness.user(user);
}

type User = ReturnType<Harness["user"]>;

async function recordPending(user: User, name: string) {
  await user.send("/segnalazione");
  if (user.lastMessage().text.includes("in valutazione:")) await user.tapKey("referral-new");
  await user.tapKey("referral-source-serd");
  await user.send(name);
  await user.tapKey("date-today");
  await user.tapKey("referral-decision-pending");
}

describe("referrals", () => {
  it("records a pending referral in 3 taps and 2 messages, the name sealed", async () => {
    const coordinator = await start();
    await recordPending(coordinator, "Ada Neri");
    expect(coordinator.lastMessage().text).toBe("✅ Segnalazione registrata: Ada N., in valutazione.");
    expect(coordinator.taps).toBe(3);
    expect(coordinator.typed).toBe(2);
    const referral = await harness.deps.db.referral.findFirstOrThrow();
    expect(referral).toMatchObject({ source: "serd", receivedOn: "2026-11-18", status: "pending", personId: null });
    expect(referral.givenNameEnc).not.toContain("Ada");
    expect(harness.deps.cipher.decrypt(referral.familyNameEnc ?? "", "Referral.familyNameEnc", referral.id)).toBe(
      "Neri",
    );
    expect(await harness.deps.db.auditEntry.count({ where: { action: "referral.create" } })).toBe(1);
  });

  it("takes a pending referral in charge in 4 taps: the person is created with the status at intake", async () => {
    const coordinator = await start();
    await recordPending(coordinator, "Ada Neri");
    coordinator.taps = 0;
    coordinator.typed = 0;
    await coordinator.send("/segnalazione");
    expect(coordinator.lastMessage().text).toContain("1 segnalazioni in valutazione");
    await coordinator.tap("📨 18/11 · SerD · Ada N.");
    await coordinator.tapKey("referral-decision-accepted");
    await coordinator.tapKey("legal-probation_map");
    await coordinator.tapKey("date-today");
    expect(coordinator.lastMessage().text).toBe("✅ Presa in carico: BOL-0004 · Ada N. dal 18/11/2026.");
    expect(coordinator.taps).toBe(4);
    expect(coordinator.typed).toBe(1);
    const person = await harness.deps.db.person.findUniqueOrThrow({
      where: { code: "BOL-0004" },
      include: { legalStatuses: true, referrals: true },
    });
    expect(person.intakeOn).toBe("2026-11-18");
    expect(person.legalStatuses.map((p) => [p.status, p.fromOn])).toEqual([["probation_map", "2026-11-18"]]);
    expect(person.referrals.map((r) => r.status)).toEqual(["accepted"]);
    expect(person.referrals[0]?.givenNameEnc).toBeNull();
  });

  it("declines with a reason in 3 taps, refusing a decision dated before the referral", async () => {
    const coordinator = await start();
    await coordinator.send("/segnalazione");
    await coordinator.tapKey("referral-source-prison");
    await coordinator.send("CC San Vittore");
    await coordinator.send("Bruno Verdi Neri");
    await coordinator.send("10/11");
    await coordinator.tapKey("referral-decision-declined");
    await coordinator.tapKey("referral-decline-unreachable");
    await coordinator.send("09/11");
    expect(coordinator.lastMessage().text).toBe("La decisione non può precedere la segnalazione (10/11/2026).");
    await coordinator.send("12/11");
    expect(coordinator.lastMessage().text).toBe(
      "✅ Segnalazione chiusa: Bruno V. non presa/o in carico (Non reperibile).",
    );
    // Typed: the command, the institute, the name, the date received, the refused decision date and its correction.
    expect([coordinator.taps, coordinator.typed]).toEqual([3, 6]);
    const referral = await harness.deps.db.referral.findFirstOrThrow();
    expect(referral).toMatchObject({
      source: "prison",
      institution: "CC San Vittore",
      status: "declined",
      declineReason: "unreachable",
      receivedOn: "2026-11-10",
      decidedOn: "2026-11-12",
    });
    expect(harness.deps.cipher.decrypt(referral.familyNameEnc ?? "", "Referral.familyNameEnc", referral.id)).toBe(
      "Verdi Neri",
    );
  });

  it("links a person already in charge by code, explains a bad name and an unknown code, goes back", async () => {
    const coordinator = await start();
    await coordinator.send("/segnalazione");
    await coordinator.tapKey("referral-source-uepe");
    await coordinator.send("Ada");
    expect(coordinator.lastMessage().text).toBe(
      "Scrivi nome e cognome (es. Ada Neri), oppure il codice di una persona in carico.",
    );
    await coordinator.send("OPE-0004");
    expect(coordinator.lastMessage().text).toBe("Nessuna persona in carico con il codice OPE-0004 nelle tue sedi.");
    await coordinator.send("bol 0002");
    await coordinator.tapKey("flow-back");
    expect(coordinator.messages().at(-1)?.text).toContain("Nome e cognome");
    await coordinator.send("BOL-0002");
    await coordinator.tapKey("date-today");
    await coordinator.tapKey("referral-decision-accepted");
    await coordinator.tapKey("date-today");
    expect(coordinator.lastMessage().text).toBe("✅ Presa in carico: BOL-0002 · Luca B. dal 18/11/2026.");
    expect(await harness.deps.db.person.count()).toBe(4);
  });

  it("survives a restart mid-flow; a cancelled referral is not recorded; operators cannot", async () => {
    const coordinator = await start();
    await coordinator.send("/segnalazione");
    await coordinator.tapKey("referral-source-cps");
    await harness.restart();
    await coordinator.send("Ada Neri");
    await coordinator.tapKey("flow-cancel");
    expect(await harness.deps.db.referral.count()).toBe(0);
    await coordinator.send("/segnalazione");
    await coordinator.tapKey("referral-source-cps");
    await coordinator.send("Ada Neri");
    await harness.restart();
    await coordinator.tapKey("date-today");
    await coordinator.tapKey("referral-decision-pending");
    expect(await harness.deps.db.referral.count()).toBe(1);

    const operator = harness.user(USERS.operator);
    await operator.send("/segnalazione");
    expect(operator.lastMessage().text).toBe("Non hai i permessi per questa operazione.");
  });
});
