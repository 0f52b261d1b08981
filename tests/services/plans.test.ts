// Plans as a service: versions, one active plan per person, who may edit and approve, card facts and reminders.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ServiceError } from "../../src/services/errors.ts";
import {
  dueReviews,
  openPlanCard,
  openPlanPage,
  peopleWithoutPlan,
  revealFullName,
  revisePlan,
} from "../../src/services/plans.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import type { TestClock, TestDatabase } from "../helpers/database.ts";
import { addStaff, type World, seedTestWorld } from "../helpers/fixtures.ts";
import { addContact, addEvent, seedPlan } from "../helpers/plan-fixtures.ts";

let database: TestDatabase;
let clock: TestClock;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, clock, deps, world } = await seedTestWorld("2026-11-18T10:00:00+01:00"));
});
afterEach(async () => {
  await database.drop();
});

const person = () => world.people[0] as World["people"][number];

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ServiceError) return error.messageKey;
    throw error;
  }
  throw new Error("expected a ServiceError");
}

describe("revisePlan", () => {
  it("creates version 1 on the first change, then a new version per change, copying goals, network and interventions", async () => {
    const manager = world.staff.operator.actor;
    await revisePlan(deps, manager, person().id, { kind: "objective", text: "Casa e lavoro" });
    await revisePlan(deps, manager, person().id, {
      kind: "add_goal",
      area: "work",
      text: "Tirocinio",
      targetOn: "2027-03-01",
    });
    await revisePlan(deps, manager, person().id, {
      kind: "add_contact",
      service: "CPS",
      referent: "Verdi",
      phone: "02 123",
    });
    await revisePlan(deps, manager, person().id, {
      kind: "add_intervention",
      area: "work",
      what: "Orientamento",
      who: null,
    });
    clock.advance(60_000);
    const last = await revisePlan(deps, manager, person().id, { kind: "review", reviewOn: "2027-01-15" });
    expect(last.version).toBe(5);

    const plans = await deps.db.plan.findMany({
      where: { personId: person().id },
      orderBy: { version: "asc" },
      include: { goals: true, network: true, interventions: true },
    });
    expect(plans.map((p) => [p.version, p.status])).toEqual([
      [1, "closed"],
      [2, "closed"],
      [3, "closed"],
      [4, "closed"],
      [5, "active"],
    ]);
    expect(plans[3]?.closedAt?.toISOString()).toBe(clock.now().toISOString());
    const current = plans[4];
    expect(current?.reviewOn).toBe("2027-01-15");
    expect(deps.cipher.decrypt(current?.generalObjectiveEnc ?? "", "Plan.generalObjectiveEnc", current?.id ?? 0)).toBe(
      "Casa e lavoro",
    );
    expect(current?.goals.map((g) => deps.cipher.decrypt(g.textEnc, "PlanGoal.textEnc", g.id))).toEqual(["Tirocinio"]);
    expect(
      current?.network.map((c) => [
        c.service,
        deps.cipher.decryptOptional(c.phoneEnc, "PlanNetworkContact.phoneEnc", c.id),
      ]),
    ).toEqual([["CPS", "02 123"]]);
    expect(current?.interventions).toHaveLength(1);
    // Earlier versions keep their own copies.
    expect(plans[1]?.goals).toHaveLength(1);
    expect(plans[1]?.network).toHaveLength(0);
    const audits = await deps.db.auditEntry.findMany({ where: { action: "plan.revise", personId: person().id } });
    expect(audits).toHaveLength(5);
  });

  it("keeps exactly one active plan when two colleagues save at the same time", async () => {
    await seedPlan(deps, person().id, { objective: "Inizio" });
    await Promise.all([
      revisePlan(deps, world.staff.operator.actor, person().id, { kind: "add_goal", area: "housing", text: "Casa" }),
      revisePlan(deps, world.staff.coordinator.actor, person().id, { kind: "add_goal", area: "work", text: "Lavoro" }),
    ]);
    const plans = await deps.db.plan.findMany({ where: { personId: person().id }, include: { goals: true } });
    expect(plans.map((p) => p.version).sort()).toEqual([1, 2, 3]);
    const active = plans.filter((p) => p.status === "active");
    expect(active).toHaveLength(1);
    expect(active[0]?.goals).toHaveLength(2);
  });

  it("lets coordinators approve, and clears the approval on the next change", async () => {
    await seedPlan(deps, person().id, { objective: "Inizio" });
    expect(await rejection(revisePlan(deps, world.staff.operator.actor, person().id, { kind: "approve" }))).toBe(
      "error-not-allowed",
    );
    await revisePlan(deps, world.staff.coordinator.actor, person().id, { kind: "approve" });
    let active = await deps.db.plan.findFirstOrThrow({ where: { personId: person().id, status: "active" } });
    expect(active.approvedById).toBe(world.staff.coordinator.id);
    await revisePlan(deps, world.staff.operator.actor, person().id, { kind: "objective", text: "Nuovo obiettivo" });
    active = await deps.db.plan.findFirstOrThrow({ where: { personId: person().id, status: "active" } });
    expect(active.approvedById).toBeNull();
  });

  it("refuses to approve when there is no plan yet", async () => {
    expect(await rejection(revisePlan(deps, world.staff.coordinator.actor, person().id, { kind: "approve" }))).toBe(
      "plans-nothing-to-approve",
    );
  });

  it("refuses staff who may not edit, without telling outsiders that the person exists", async () => {
    const colleague = await addStaff(deps, { id: 3003, firstName: "Paolo" }, [
      { role: "operator", siteId: world.bollate.id },
    ]);
    const change = { kind: "objective", text: "x" } as const;
    expect(await rejection(revisePlan(deps, colleague.actor, person().id, change))).toBe("error-not-allowed");
    expect(await rejection(revisePlan(deps, world.staff.otherOperator.actor, person().id, change))).toBe(
      "error-not-found-or-not-allowed",
    );
    expect(await rejection(revisePlan(deps, world.staff.otherOperator.actor, 999_999, change))).toBe(
      "error-not-found-or-not-allowed",
    );
    expect(await deps.db.plan.count()).toBe(0);
  });

  it("checks the right to edit inside the write's transaction: a case manager replaced meanwhile is refused", async () => {
    const manager = world.staff.operator.actor;
    // The case manager changes between the caller's tap and the start of the write.
    const racing = new Proxy(deps.db, {
      get(target, property, receiver) {
        if (property !== "$transaction") return Reflect.get(target, property, receiver);
        return async (...args: Parameters<typeof target.$transaction>) => {
          await target.person.update({ where: { id: person().id }, data: { caseManagerId: null } });
          return (target.$transaction as (...a: unknown[]) => unknown)(...args);
        };
      },
    });
    const change = { kind: "objective", text: "Scritto da chi non può più" } as const;
    expect(await rejection(revisePlan({ ...deps, db: racing }, manager, person().id, change))).toBe(
      "error-not-allowed",
    );
    expect(await deps.db.plan.count()).toBe(0);
  });

  it("closes a goal of the current version and refuses a goal of an older one", async () => {
    await seedPlan(deps, person().id, { goals: [{ area: "work", text: "Lavoro" }] });
    const old = await deps.db.planGoal.findFirstOrThrow();
    await revisePlan(deps, world.staff.operator.actor, person().id, {
      kind: "goal_status",
      goalId: old.id,
      status: "achieved",
    });
    const current = await deps.db.plan.findFirstOrThrow({ where: { status: "active" }, include: { goals: true } });
    expect(current.goals.map((g) => g.status)).toEqual(["achieved"]);
    expect(
      await rejection(
        revisePlan(deps, world.staff.operator.actor, person().id, {
          kind: "goal_status",
          goalId: old.id,
          status: "dropped",
        }),
      ),
    ).toBe("plans-changed-retry");
  });

  it("rejects invalid input with a readable error", async () => {
    expect(
      await rejection(
        revisePlan(deps, world.staff.operator.actor, person().id, { kind: "review", reviewOn: "15/01/2027" }),
      ),
    ).toBe("error-invalid-input");
  });
});

describe("reading plans", () => {
  it("builds the card facts: last 3 contacts with the person present, events of the last 30 days", async () => {
    await seedPlan(
      deps,
      person().id,
      {
        crisis: { riskSigns: "Insonnia", whatToDo: "Calma", whomToCall: "CPS" },
        goals: [
          { area: "work", text: "Aperto" },
          { area: "housing", text: "Chiuso", status: "achieved" },
        ],
      },
      world.staff.operator.id,
    );
    const days = (n: number) => new Date(clock.now().getTime() - n * 86_400_000);
    for (const n of [1, 2, 3, 4])
      await addContact(deps, person().id, world.bollate.id, world.staff.operator.id, days(n));
    const absent = await addContact(deps, person().id, world.bollate.id, world.staff.operator.id, days(0.5));
    await deps.db.attendance.update({
      where: { sessionId_personId: { sessionId: absent.id, personId: person().id } },
      data: { status: "absent" },
    });
    await addEvent(deps, person().id, world.bollate.id, world.staff.operator.id, days(10), "psychiatric_crisis");
    await addEvent(deps, person().id, world.bollate.id, world.staff.operator.id, days(31), "damage");

    const view = await openPlanCard(deps, world.staff.operator.actor, person().id);
    expect(view.facts.lastContacts.map((c) => c.on)).toEqual(["2026-11-17", "2026-11-16", "2026-11-15"]);
    expect(view.facts.recentEvents.map((e) => e.kind)).toEqual(["psychiatric_crisis"]);
    expect(view.facts.plan?.activeGoals.map((g) => g.text)).toEqual(["Aperto"]);
    expect(view.facts.plan?.crisis?.whomToCall).toBe("CPS");
    expect(view.facts.caseManager).toEqual({ name: "Omar Operatore", phone: "+39 333 000 0000" });
    expect(view.facts.via).toBe("site");
    expect(view.rights).toEqual({ edit: true, approve: false });
  });

  it("audits every card, page and full-name read, and refuses outsiders with the same words as unknown people", async () => {
    await seedPlan(deps, person().id, { objective: "x" });
    const reader = world.staff.coordinator.actor;
    await openPlanCard(deps, reader, person().id);
    await openPlanPage(deps, reader, person().id, "goals");
    await openPlanPage(deps, reader, person().id, "network");
    await openPlanPage(deps, reader, person().id, "history");
    expect((await revealFullName(deps, reader, person().id)).fullName).toBe("Mario Rossi");
    const views = await deps.db.auditEntry.findMany({ where: { action: "plan.view" }, orderBy: { id: "asc" } });
    expect(views.map((v) => JSON.parse(v.details ?? "{}").page)).toEqual([
      "card",
      "goals",
      "network",
      "history",
      "full_name",
    ]);
    expect(views.every((v) => v.actorId === world.staff.coordinator.id && v.personId === person().id)).toBe(true);

    expect(await rejection(openPlanCard(deps, world.staff.otherOperator.actor, person().id))).toBe(
      "error-not-found-or-not-allowed",
    );
    expect(await rejection(openPlanCard(deps, world.staff.otherOperator.actor, 424_242))).toBe(
      "error-not-found-or-not-allowed",
    );
  });

  it("refuses a forged button for an unknown id and for a person out of scope after the same queries", async () => {
    const outsider = world.staff.otherOperator.actor;
    const inBollate = world.people.find((p) => p.siteId === world.bollate.id) as World["people"][number];
    await seedPlan(deps, inBollate.id, { objective: "Riservato" });
    const queriesFor = async (personId: number) => {
      const calls: string[] = [];
      const counting = new Proxy(deps.db, {
        get(target, model, receiver) {
          const delegate = Reflect.get(target, model, receiver);
          if (typeof model !== "string" || model.startsWith("$") || typeof delegate !== "object") return delegate;
          return new Proxy(delegate, {
            get: (inner, method) => {
              const value = Reflect.get(inner, method);
              return typeof value === "function"
                ? (...args: unknown[]) => {
                    calls.push(`${model}.${String(method)}`);
                    return value.apply(inner, args);
                  }
                : value;
            },
          });
        },
      });
      const outcome = await rejection(openPlanCard({ ...deps, db: counting }, outsider, personId));
      return { outcome, calls };
    };
    const outOfScope = await queriesFor(inBollate.id);
    const unknown = await queriesFor(999_999);
    expect(outOfScope.outcome).toBe("error-not-found-or-not-allowed");
    expect(unknown).toEqual(outOfScope);
  });

  it("shows the history with what each version changed", async () => {
    await revisePlan(deps, world.staff.operator.actor, person().id, { kind: "objective", text: "x" });
    await revisePlan(deps, world.staff.coordinator.actor, person().id, { kind: "approve" });
    const view = await openPlanPage(deps, world.staff.operator.actor, person().id, "history");
    if (view.page !== "history") throw new Error("wrong page");
    expect(view.facts.versions.map((v) => [v.version, v.change, v.author, v.approvedBy, v.status])).toEqual([
      [2, "approve", "Carla Coordinatrice", "Carla Coordinatrice", "active"],
      [1, "objective", "Omar Operatore", null, "closed"],
    ]);
  });
});

describe("people without a plan and due reviews", () => {
  it("lists people in charge at the coordinator's sites without an active plan", async () => {
    await seedPlan(deps, person().id, { objective: "x" });
    const discharged = world.people[1] as World["people"][number];
    await deps.db.person.update({ where: { id: discharged.id }, data: { dischargeOn: "2026-11-01" } });
    const listed = await peopleWithoutPlan(deps, world.staff.coordinator.actor);
    expect(listed.map((p) => p.code)).toEqual([world.people[2]?.code]);
    expect(await peopleWithoutPlan(deps, world.staff.operator.actor)).toEqual([]);
  });

  it("keeps the reminder key of the version that set the review date across later edits", async () => {
    const first = await seedPlan(deps, person().id, { reviewOn: "2026-11-25" });
    await revisePlan(deps, world.staff.operator.actor, person().id, { kind: "objective", text: "x" });
    let due = await dueReviews(deps, "2026-11-18");
    expect(due.map((d) => [d.code, d.reminderPlanId, d.reviewOn])).toEqual([[person().code, first.id, "2026-11-25"]]);
    const moved = await revisePlan(deps, world.staff.operator.actor, person().id, {
      kind: "review",
      reviewOn: "2026-11-20",
    });
    due = await dueReviews(deps, "2026-11-18");
    expect(due.map((d) => d.reminderPlanId)).toEqual([moved.planId]);
    expect(await dueReviews(deps, "2026-11-12")).toEqual([]);
  });
});
