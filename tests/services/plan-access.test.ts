// Plan access as a service: site scope, on-call shifts only while they run, break the glass, and the audit trail.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ServiceError } from "../../src/services/errors.ts";
import {
  accessVia,
  auditTrail,
  type BreakGlassNotices,
  breakGlass,
  findVisiblePeople,
  loadScopedPerson,
  onCallSiteIds,
} from "../../src/services/plan-access.ts";
import { deactivateStaff } from "../../src/services/staff.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import type { TestClock, TestDatabase } from "../helpers/database.ts";
import { addStaff, type World, seedTestWorld } from "../helpers/fixtures.ts";
import { addShift } from "../helpers/plan-fixtures.ts";

let database: TestDatabase;
let clock: TestClock;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, clock, deps, world } = await seedTestWorld("2026-11-18T21:00:00+01:00"));
});
afterEach(async () => {
  await database.drop();
});

const bollatePerson = () => world.people[0] as World["people"][number];
const notice: BreakGlassNotices = {
  granted: (recipient, facts) => ({ text: `${recipient.locale}:${facts.code}:${facts.actorName}` }),
  limitReached: (recipient, facts) => ({ text: `${recipient.locale}:limit:${facts.actorName}:${facts.limit}` }),
};
const at = (iso: string) => new Date(iso);

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ServiceError) return error.messageKey;
    throw error;
  }
  throw new Error("expected a ServiceError");
}

async function via(actor: World["staff"][keyof World["staff"]]["actor"]) {
  const person = await loadScopedPerson(deps, { id: bollatePerson().id });
  if (!person) throw new Error("missing person");
  return accessVia(deps, actor, person, deps.clock());
}

describe("scope", () => {
  it("gives operators and coordinators the people of their own sites only", async () => {
    expect(await via(world.staff.operator.actor)).toBe("site");
    expect(await via(world.staff.coordinator.actor)).toBe("site");
    expect(await via(world.staff.admin.actor)).toBe("site");
    expect(await via(world.staff.otherOperator.actor)).toBeNull();
  });

  it("gives on-call staff the sites of their shift from its start until (not including) its end", async () => {
    const onCall = world.staff.onCall;
    await addShift(
      deps,
      onCall.id,
      [world.bollate.id],
      at("2026-11-18T20:00:00+01:00"),
      at("2026-11-19T08:00:00+01:00"),
    );
    clock.set("2026-11-18T19:59:59+01:00");
    expect(await via(onCall.actor)).toBeNull();
    clock.set("2026-11-18T20:00:00+01:00");
    expect(await via(onCall.actor)).toBe("on_call");
    expect(await onCallSiteIds(deps.db, onCall.id, deps.clock())).toEqual([world.bollate.id]);
    clock.set("2026-11-19T08:00:00+01:00");
    expect(await via(onCall.actor)).toBeNull();
  });

  it("finds people of the current on-call sites, and a granted person by exact code only", async () => {
    const onCall = world.staff.onCall;
    expect(await findVisiblePeople(deps, onCall.actor, "ross")).toEqual([]);
    await addShift(
      deps,
      onCall.id,
      [world.bollate.id],
      at("2026-11-18T20:00:00+01:00"),
      at("2026-11-19T08:00:00+01:00"),
    );
    expect((await findVisiblePeople(deps, onCall.actor, "ross")).map((p) => p.shortName)).toEqual([
      "Mario R.",
      "Giulia R.",
    ]);

    const outsider = world.staff.otherOperator.actor;
    await breakGlass(deps, outsider, { code: bollatePerson().code, reason: "Crisi in corso, serve il piano" }, notice);
    expect(await findVisiblePeople(deps, outsider, "rossi")).toEqual([]);
    expect((await findVisiblePeople(deps, outsider, bollatePerson().code.toLowerCase())).map((p) => p.code)).toEqual([
      bollatePerson().code,
    ]);
  });
});

describe("breakGlass", () => {
  it("refuses a reason that does not read as words (3 words, 20 characters, not one repeated character)", async () => {
    const outsider = world.staff.otherOperator.actor;
    const unreadable = [undefined, "", "   ", "urgente", "  a  b  c  ", "aaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaa"];
    for (const reason of [...unreadable, "urgente urgentissimo!!!", "a a a a a a a a a a a a", "x1 x2 x3"]) {
      expect(await rejection(breakGlass(deps, outsider, { code: bollatePerson().code, reason }, notice))).toBe(
        "plans-break-glass-reason-short",
      );
    }
    expect(await deps.db.breakGlassGrant.count()).toBe(0);
    expect(await deps.db.auditEntry.count({ where: { action: "plan.break_glass_refused" } })).toBe(10);
  });

  it("grants 4 hours, tells the case manager, the site's coordinators and the admins once each, and audits the reason", async () => {
    const outsider = world.staff.otherOperator;
    const result = await breakGlass(
      deps,
      outsider.actor,
      { code: bollatePerson().code, reason: "  Crisi notturna,  serve il piano " },
      notice,
    );
    expect(result.expiresAt.toISOString()).toBe(new Date(clock.now().getTime() + 4 * 3600_000).toISOString());
    expect(result.notified).toBe(3);
    const deliveries = await deps.db.delivery.findMany({ orderBy: { recipientId: "asc" } });
    expect(deliveries.map((d) => d.dedupeKey).sort()).toEqual(
      [
        `breakglass:${result.grantId}:${world.staff.admin.id}`,
        `breakglass:${result.grantId}:${world.staff.coordinator.id}`,
        `breakglass:${result.grantId}:${world.staff.operator.id}`,
      ].sort(),
    );
    expect(
      JSON.parse(deps.cipher.decrypt(deliveries[0]?.payloadEnc ?? "", "Delivery.payloadEnc", deliveries[0]?.id ?? 0))
        .text,
    ).toBe(`it:${bollatePerson().code}:Olga Altrove`);
    const audit = await deps.db.auditEntry.findFirstOrThrow({ where: { action: "plan.break_glass" } });
    expect(audit.personId).toBe(bollatePerson().id);
    expect(deps.cipher.decryptOptional(audit.reasonEnc, "AuditEntry.reasonEnc", audit.id)).toBe(
      "Crisi notturna, serve il piano",
    );

    expect(await via(outsider.actor)).toBe("break_glass");
    clock.advance(4 * 3600_000);
    expect(await via(outsider.actor)).toBeNull();
  });

  it("answers an unknown code like any refusal, only after the reason, and audits the attempt", async () => {
    const outsider = world.staff.otherOperator.actor;
    expect(
      await rejection(breakGlass(deps, outsider, { code: "BOL-9999", reason: "Crisi notturna in corso" }, notice)),
    ).toBe("error-not-found-or-not-allowed");
    expect(
      await rejection(breakGlass(deps, outsider, { code: "rossi", reason: "Crisi notturna in corso" }, notice)),
    ).toBe("error-not-found-or-not-allowed");
    const refused = await deps.db.auditEntry.findMany({ where: { action: "plan.break_glass_refused" } });
    expect(refused.map((r) => [r.subjectId, JSON.parse(r.details ?? "{}").cause])).toEqual([
      ["BOL-9999", "unknown_code"],
      [null, "unknown_code"],
    ]);
    expect(await deps.db.delivery.count()).toBe(0);
  });

  it("refuses staff of another programme like an unknown code; a deployment-wide admin may", async () => {
    const other = await deps.db.programme.create({
      data: { code: "altro", name: "Altro", funder: "F", startsOn: "2025-11-01", endsOn: "2027-04-30" },
    });
    const site = await deps.db.site.create({
      data: { programmeId: other.id, name: "Altrove", kind: "day_centre_inside", codePrefix: "ALT" },
    });
    const stranger = await addStaff(deps, { id: 7001, firstName: "Piero" }, [{ role: "operator", siteId: site.id }]);
    const otherAdmin = await addStaff(deps, { id: 7002, firstName: "Ada" }, [
      { role: "admin", siteId: null, programmeId: other.id },
    ]);
    const request = { code: bollatePerson().code, reason: "Crisi notturna in corso" };
    for (const actor of [stranger.actor, otherAdmin.actor]) {
      expect(await rejection(breakGlass(deps, actor, request, notice))).toBe("error-not-found-or-not-allowed");
    }
    const refused = await deps.db.auditEntry.findMany({ where: { action: "plan.break_glass_refused" } });
    expect(refused.map((r) => JSON.parse(r.details ?? "{}").cause)).toEqual(["other_programme", "other_programme"]);
    expect(await deps.db.breakGlassGrant.count()).toBe(0);
    const deploymentAdmin = await addStaff(deps, { id: 7003, firstName: "Dora" }, [{ role: "admin", siteId: null }]);
    expect((await breakGlass(deps, deploymentAdmin.actor, request, notice)).personId).toBe(bollatePerson().id);
  });

  it("grants at most 3 in 24 hours; the next is refused, audited and the admins alerted", async () => {
    const outsider = world.staff.otherOperator;
    const inBollate = world.people.filter((p) => p.siteId === world.bollate.id);
    for (const person of inBollate.slice(0, 3)) {
      await breakGlass(deps, outsider.actor, { code: person.code, reason: "Crisi notturna in corso" }, notice);
      clock.advance(3600_000);
    }
    const fourth = { code: (inBollate[3] ?? inBollate[0])?.code ?? "", reason: "Ancora una crisi notturna" };
    expect(await rejection(breakGlass(deps, outsider.actor, fourth, notice))).toBe("plans-break-glass-limit");
    expect(await deps.db.breakGlassGrant.count()).toBe(3);
    const refused = await deps.db.auditEntry.findFirstOrThrow({ where: { action: "plan.break_glass_refused" } });
    expect(JSON.parse(refused.details ?? "{}").cause).toBe("daily_limit");
    const alerts = await deps.db.delivery.findMany({ where: { dedupeKey: { startsWith: "breakglass-limit:" } } });
    expect(
      alerts.map((a) => [
        a.recipientId,
        JSON.parse(deps.cipher.decrypt(a.payloadEnc, "Delivery.payloadEnc", a.id)).text,
      ]),
    ).toEqual([[world.staff.admin.id, "it:limit:Olga Altrove:3"]]);
    // 24 hours after the first grant, one more is allowed.
    clock.advance(21 * 3600_000);
    expect((await breakGlass(deps, outsider.actor, fourth, notice)).grantId).toBeGreaterThan(0);
  });

  it("tells the programme's admins even when the person has no case manager and no coordinator", async () => {
    await deps.db.person.update({ where: { id: bollatePerson().id }, data: { caseManagerId: null } });
    await deps.db.membership.deleteMany({ where: { role: "coordinator" } });
    const result = await breakGlass(
      deps,
      world.staff.otherOperator.actor,
      { code: bollatePerson().code, reason: "Crisi notturna in corso" },
      notice,
    );
    expect(result.notified).toBe(1);
    expect((await deps.db.delivery.findFirstOrThrow()).recipientId).toBe(world.staff.admin.id);
  });

  it("refuses deactivated staff", async () => {
    const deactivated = await deactivateStaff(deps, null, world.staff.otherOperator.id);
    expect(
      await rejection(
        breakGlass(deps, deactivated.actor, { code: bollatePerson().code, reason: "Crisi notturna in corso" }, notice),
      ),
    ).toBe("error-not-allowed");
  });
});

describe("auditTrail", () => {
  it("shows admins and the person's coordinators who looked, and refuses everyone else with the same words", async () => {
    await breakGlass(
      deps,
      world.staff.otherOperator.actor,
      { code: bollatePerson().code, reason: "Crisi notturna in corso" },
      notice,
    );
    const trail = await auditTrail(deps, world.staff.coordinator.actor, bollatePerson().code.toLowerCase());
    expect(trail.entries.map((e) => [e.actorName, e.action])).toEqual([["Olga Altrove", "plan.break_glass"]]);
    expect(
      (await auditTrail(deps, world.staff.admin.actor, bollatePerson().code)).entries.map((e) => e.action),
    ).toEqual(["plan.audit_view", "plan.break_glass"]);
    for (const [actor, code] of [
      [world.staff.operator.actor, bollatePerson().code],
      [world.staff.otherOperator.actor, bollatePerson().code],
      [world.staff.coordinator.actor, "BOL-9999"],
    ] as const) {
      expect(await rejection(auditTrail(deps, actor, code))).toBe("error-not-found-or-not-allowed");
    }
  });
});
