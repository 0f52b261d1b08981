import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { editSession, getSessionDetail, listCorrectableSessions, undoSession } from "../../src/services/corrections.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import {
  findPeopleForLogging,
  listActiveGoals,
  logSession,
  recentPeople,
  type SessionInput,
} from "../../src/services/sessions.ts";
import { recordAttendance } from "../../src/services/attendance.ts";
import { insertPerson, personInput } from "../../src/services/people.ts";
import { addStaff, type World, seedTestWorld } from "../helpers/fixtures.ts";
import { seedPlan } from "../helpers/plan-fixtures.ts";
import type { TestClock, TestDatabase } from "../helpers/database.ts";

let database: TestDatabase;
let clock: TestClock;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, clock, deps, world } = await seedTestWorld("2026-11-18T12:00:00+01:00"));
});
afterEach(async () => {
  await database.drop();
});

const mario = () => world.people[0]!;
const luca = () => world.people[1]!;
const ahmed = () => world.people[3]!;
let refs = 0;
const input = (overrides: Partial<SessionInput> = {}): SessionInput => ({
  personIds: [mario().id],
  kind: "individual_educational",
  occurredOn: "2026-11-18",
  durationMinutes: 45,
  clientRef: `test-run-${++refs}`,
  ...overrides,
});

async function addOperaPeople(count: number) {
  const people = [];
  for (let index = 0; index < count; index++) {
    const data = personInput.parse({
      siteId: world.opera.id,
      givenName: `Nome${index}`,
      familyName: "Opera",
      legalStatus: "detained",
      intakeOn: "2026-02-01",
    });
    people.push(await deps.db.$transaction((tx) => insertPerson(tx, deps, world.opera, data)));
  }
  return people;
}

describe("individual sessions", () => {
  it("saves the session with the person, the operators and an encrypted note, audited without the note", async () => {
    const saved = await logSession(
      deps,
      world.staff.operator.actor,
      input({ note: "Parlato del rientro in famiglia" }),
    );
    const session = await deps.db.session.findUniqueOrThrow({
      where: { id: saved.id },
      include: { attendance: true, operators: true },
    });
    expect(session).toMatchObject({
      kind: "individual_educational",
      durationMinutes: 45,
      siteId: world.bollate.id,
      authorId: world.staff.operator.id,
    });
    expect(session.attendance).toMatchObject([{ personId: mario().id, status: "present" }]);
    expect(session.noteEnc).not.toContain("rientro");
    expect(deps.cipher.decrypt(session.noteEnc!, "Session.noteEnc", session.id)).toBe(
      "Parlato del rientro in famiglia",
    );
    const audit = await deps.db.auditEntry.findFirstOrThrow({ where: { action: "session.create" } });
    expect(audit.personId).toBe(mario().id);
    expect(audit.details).not.toMatch(/rientro|Mario|Rossi/);
  });

  it("refuses people outside the operator's scope with the same words as unknown people", async () => {
    await expect(
      logSession(deps, world.staff.operator.actor, input({ personIds: [ahmed().id] })),
    ).rejects.toMatchObject({
      messageKey: "error-not-found-or-not-allowed",
    });
    await expect(logSession(deps, world.staff.operator.actor, input({ personIds: [99_999] }))).rejects.toMatchObject({
      messageKey: "error-not-found-or-not-allowed",
    });
    await expect(logSession(deps, world.staff.onCall.actor, input())).rejects.toMatchObject({
      messageKey: "error-not-found-or-not-allowed",
    });
  });

  it("refuses dates before the intake, after a discharge or in the future", async () => {
    await expect(
      logSession(deps, world.staff.operator.actor, input({ occurredOn: "2026-01-14" })),
    ).rejects.toMatchObject({
      messageKey: "session-not-in-charge",
    });
    await deps.db.person.update({ where: { id: mario().id }, data: { dischargeOn: "2026-11-01" } });
    await expect(
      logSession(deps, world.staff.operator.actor, input({ occurredOn: "2026-11-02" })),
    ).rejects.toMatchObject({
      messageKey: "session-not-in-charge",
    });
    await expect(
      logSession(deps, world.staff.operator.actor, input({ occurredOn: "2026-11-19", personIds: [luca().id] })),
    ).rejects.toMatchObject({
      messageKey: "error-date-future",
    });
  });

  it("validates duration, note length and that only team meetings concern several people", async () => {
    const operator = world.staff.operator.actor;
    await expect(logSession(deps, operator, input({ durationMinutes: 4 }))).rejects.toThrow();
    await expect(logSession(deps, operator, input({ durationMinutes: 601 }))).rejects.toThrow();
    await expect(logSession(deps, operator, input({ note: "x".repeat(1001) }))).rejects.toThrow();
    await expect(logSession(deps, operator, input({ personIds: [mario().id, luca().id] }))).rejects.toThrow(
      /team meetings/,
    );
    const meeting = await logSession(
      deps,
      operator,
      input({ kind: "team_meeting", personIds: [mario().id, luca().id] }),
    );
    expect(await deps.db.attendance.count({ where: { sessionId: meeting.id } })).toBe(2);
    expect(await deps.db.session.count()).toBe(1);
  });

  it("never duplicates a session replayed with the same clientRef", async () => {
    const same = input();
    const first = await logSession(deps, world.staff.operator.actor, same);
    const replay = await logSession(deps, world.staff.operator.actor, same);
    expect(replay.id).toBe(first.id);
    expect(await deps.db.session.count()).toBe(1);
  });

  it("offers the people of the operator's rosters and caseload present at a session in the last 14 days", async () => {
    const operator = world.staff.otherOperator.actor; // Opera: Ahmed's site
    const [giulia, newcomer, absent] = await addOperaPeople(3);
    const workshop = await deps.db.activity.create({
      data: {
        siteId: world.opera.id,
        name: "Ceramica",
        kind: "workshop",
        facilitators: { create: [{ staffId: operator.staffId }] },
        roster: { create: [giulia, newcomer, absent].map((p) => ({ personId: p!.id, enrolledOn: "2026-02-01" })) },
      },
    });
    const coordinatorAtOpera = await addStaff(deps, { id: 7777, firstName: "Ugo", lastName: "Coord" }, [
      { role: "coordinator", siteId: world.opera.id },
    ]);
    // The coordinator logged the workshop 3 days ago (Giulia present, the third one absent); 20 days ago, the second.
    for (const [occurredOn, statuses, ref] of [
      ["2026-11-15", { [giulia!.id]: "present", [newcomer!.id]: "excused", [absent!.id]: "absent" }, "w-recent"],
      ["2026-10-29", { [giulia!.id]: "present", [newcomer!.id]: "present", [absent!.id]: "present" }, "w-old"],
    ] as const) {
      await recordAttendance(deps, coordinatorAtOpera.actor, {
        activityId: workshop.id,
        occurredOn,
        statuses,
        clientRef: `attendance-${ref}`,
      });
    }
    await deps.db.person.update({ where: { id: ahmed().id }, data: { caseManagerId: operator.staffId } });
    await logSession(deps, coordinatorAtOpera.actor, input({ personIds: [ahmed().id], occurredOn: "2026-11-10" }));
    expect((await recentPeople(deps, operator)).map((p) => p.code)).toEqual([giulia!.code, ahmed().code]);
    // Not the operator's: nobody else's roster or caseload shows.
    expect(await recentPeople(deps, world.staff.operator.actor)).toEqual([]);
  });

  it("lists the people this operator logged most recently first, without group attendance", async () => {
    const operator = world.staff.operator.actor;
    await logSession(deps, operator, input({ personIds: [luca().id] }));
    clock.advance(60_000);
    await logSession(deps, operator, input({ personIds: [mario().id] }));
    clock.advance(60_000);
    await logSession(deps, operator, input({ personIds: [luca().id] }));
    expect((await recentPeople(deps, operator)).map((p) => p.code)).toEqual([luca().code, mario().code]);
    expect(await recentPeople(deps, world.staff.coordinator.actor)).toEqual([]);
    expect((await findPeopleForLogging(deps, operator, "ross")).map((p) => p.shortName)).toEqual([
      "Mario R.",
      "Giulia R.",
    ]);
    expect(await findPeopleForLogging(deps, operator, "benali")).toEqual([]);
  });

  it("links goals of the person's active plan only, and audits reading them", async () => {
    const goalOf = async (personId: number, area: string, text: string) => {
      const plan = await seedPlan(deps, personId, { goals: [{ area, text }] });
      return deps.db.planGoal.findFirstOrThrow({ where: { planId: plan.id } });
    };
    const goal = await goalOf(mario().id, "work_training", "Trovare un tirocinio");
    const otherGoal = await goalOf(luca().id, "housing", "Casa");
    const goals = await listActiveGoals(deps, world.staff.operator.actor, mario().id);
    expect(goals).toEqual([{ id: goal.id, text: "Trovare un tirocinio" }]);
    expect(await deps.db.auditEntry.count({ where: { action: "plan.goals.read", personId: mario().id } })).toBe(1);
    const saved = await logSession(deps, world.staff.operator.actor, input({ goalIds: [goal.id] }));
    expect(await deps.db.sessionGoal.count({ where: { sessionId: saved.id } })).toBe(1);
    await expect(
      logSession(deps, world.staff.operator.actor, input({ goalIds: [otherGoal.id] })),
    ).rejects.toMatchObject({
      messageKey: "error-not-found-or-not-allowed",
    });
  });

  it("accepts colleagues of the site as co-authors, not staff of other sites", async () => {
    const colleague = await addStaff(deps, { id: 3003, firstName: "Paola", lastName: "Psicologa" }, [
      { role: "operator", siteId: world.bollate.id },
    ]);
    const saved = await logSession(deps, world.staff.operator.actor, input({ coAuthorIds: [colleague.id] }));
    expect(
      (await deps.db.sessionOperator.findMany({ where: { sessionId: saved.id } })).map((o) => o.staffId).sort(),
    ).toEqual([world.staff.operator.id, colleague.id].sort());
    await expect(
      logSession(deps, world.staff.operator.actor, input({ coAuthorIds: [world.staff.otherOperator.id] })),
    ).rejects.toMatchObject({
      messageKey: "error-not-found-or-not-allowed",
    });
  });
});

describe("corrections", () => {
  it("lets the author edit for 24 hours, then coordinators only, auditing before and after without note text", async () => {
    const operator = world.staff.operator.actor;
    const saved = await logSession(deps, operator, input({ note: "prima" }));
    await editSession(deps, operator, saved.id, { durationMinutes: 60, occurredOn: "2026-11-17", note: "dopo" });
    clock.advance(25 * 3600_000);
    await expect(editSession(deps, operator, saved.id, { durationMinutes: 90 })).rejects.toMatchObject({
      messageKey: "session-edit-too-late",
    });
    await editSession(deps, world.staff.coordinator.actor, saved.id, { kind: "individual_social" });
    const session = await deps.db.session.findUniqueOrThrow({ where: { id: saved.id } });
    expect(session).toMatchObject({ durationMinutes: 60, occurredOn: "2026-11-17", kind: "individual_social" });
    expect(deps.cipher.decrypt(session.noteEnc!, "Session.noteEnc", session.id)).toBe("dopo");
    const audit = await deps.db.auditEntry.findMany({ where: { action: "session.correct" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => JSON.parse(a.details ?? "{}"))).toMatchObject([
      {
        before: { durationMinutes: 45, occurredOn: "2026-11-18", noteSet: true },
        after: { durationMinutes: 60, occurredOn: "2026-11-17", noteSet: true },
      },
      { before: { kind: "individual_educational" }, after: { kind: "individual_social" } },
    ]);
    expect(audit.map((a) => a.details).join()).not.toMatch(/prima|dopo/);
  });

  it("undoes only within 10 minutes for the author; others cannot see the session", async () => {
    const operator = world.staff.operator.actor;
    const saved = await logSession(deps, operator, input());
    await expect(undoSession(deps, world.staff.otherOperator.actor, saved.id)).rejects.toMatchObject({
      messageKey: "error-not-found-or-not-allowed",
    });
    clock.advance(10 * 60_000 + 1000);
    await expect(undoSession(deps, operator, saved.id)).rejects.toMatchObject({ messageKey: "session-undo-too-late" });
    const second = await logSession(deps, operator, input());
    await undoSession(deps, operator, second.id);
    await expect(undoSession(deps, operator, second.id)).rejects.toMatchObject({
      messageKey: "session-already-voided",
    });
    expect((await listCorrectableSessions(deps, operator)).map((s) => s.id)).toEqual([saved.id]);
  });

  it("describes a session for the correction screen", async () => {
    const saved = await logSession(
      deps,
      world.staff.operator.actor,
      input({ kind: "team_meeting", personIds: [mario().id, luca().id] }),
    );
    const detail = await getSessionDetail(deps, world.staff.operator.actor, saved.id);
    expect(detail).toMatchObject({
      kind: "team_meeting",
      durationMinutes: 45,
      rights: { canUndo: true, canEdit: true },
    });
    expect(detail.people.map((p) => p.shortName).sort()).toEqual(["Luca B.", "Mario R."]);
    await expect(
      editSession(deps, world.staff.operator.actor, saved.id, { kind: "phone_contact" }),
    ).rejects.toMatchObject({
      messageKey: "session-kind-needs-one-person",
    });
  });
});
