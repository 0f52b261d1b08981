import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getAttendanceSheet, recordAttendance, updateAttendance } from "../../src/services/attendance.ts";
import { undoSession } from "../../src/services/corrections.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { addActivity, addBollatePeople, type SeededActivity } from "../helpers/activity-fixtures.ts";
import type { TestClock, TestDatabase } from "../helpers/database.ts";
import { type World, seedTestWorld } from "../helpers/fixtures.ts";

let database: TestDatabase;
let clock: TestClock;
let deps: ServiceDeps;
let world: World;
let arte: SeededActivity;

const allPresent = (activity: SeededActivity) =>
  Object.fromEntries(activity.roster.map((p) => [String(p.id), "present" as const]));

beforeEach(async () => {
  ({ database, clock, deps, world } = await seedTestWorld("2026-11-18T12:00:00+01:00"));
  const roster = await addBollatePeople(deps, world, 4);
  arte = await addActivity(deps, world, {
    name: "Arteterapia",
    roster,
    schedules: [{ weekday: 3, startTime: "10:00", durationMinutes: 90 }],
    facilitatorIds: [world.staff.operator.id],
  });
});
afterEach(async () => {
  await database.drop();
});

describe("group attendance", () => {
  it("saves one group session with a row per person, the scheduled time and duration, audited without names", async () => {
    const operator = world.staff.operator.actor;
    const statuses = {
      ...allPresent(arte),
      [arte.roster[1]!.id]: "absent" as const,
      [arte.roster[2]!.id]: "excused" as const,
    };
    const counts = await recordAttendance(deps, operator, {
      activityId: arte.id,
      occurredOn: "2026-11-18",
      statuses,
      clientRef: "run-abc-1",
    });
    expect(counts).toMatchObject({ present: 2, absent: 1, excused: 1 });
    const session = await deps.db.session.findUniqueOrThrow({
      where: { id: counts.sessionId },
      include: { attendance: true },
    });
    expect(session).toMatchObject({
      kind: "group_activity",
      groupKey: `${arte.id}:2026-11-18`,
      durationMinutes: 90,
      occurredOn: "2026-11-18",
    });
    expect(session.occurredAt.toISOString()).toBe("2026-11-18T09:00:00.000Z");
    expect(session.attendance).toHaveLength(4);
    const audit = await deps.db.auditEntry.findFirstOrThrow({ where: { action: "session.create" } });
    expect(audit.details).not.toMatch(/Paolo|Conti|Sara/);
  });

  it("leaves out people not yet in charge, not yet enrolled or withdrawn on that date", async () => {
    const [late] = await addBollatePeople(deps, world, 1, "2026-11-18");
    const [enrolledLater, withdrawn] = await addBollatePeople(deps, world, 2);
    await deps.db.rosterEnrollment.createMany({
      data: [
        { activityId: arte.id, personId: late!.id, enrolledOn: "2026-11-01" },
        { activityId: arte.id, personId: enrolledLater!.id, enrolledOn: "2026-11-18" },
        { activityId: arte.id, personId: withdrawn!.id, enrolledOn: "2026-02-01", withdrawnOn: "2026-11-17" },
      ],
    });
    const yesterday = await getAttendanceSheet(deps, world.staff.operator.actor, arte.id, "2026-11-17");
    expect(yesterday.people.map((p) => p.code)).toEqual(arte.roster.map((p) => p.code));
    const today = await getAttendanceSheet(deps, world.staff.operator.actor, arte.id, "2026-11-18");
    expect(today.people.map((p) => p.code).sort()).toEqual(
      [...arte.roster.map((p) => p.code), late!.code, enrolledLater!.code].sort(),
    );
  });

  it("detects the same activity and date logged twice and offers the existing one for editing", async () => {
    const operator = world.staff.operator.actor;
    await recordAttendance(deps, operator, {
      activityId: arte.id,
      occurredOn: "2026-11-18",
      statuses: allPresent(arte),
      clientRef: "run-abc-1",
    });
    await expect(
      recordAttendance(deps, world.staff.coordinator.actor, {
        activityId: arte.id,
        occurredOn: "2026-11-18",
        statuses: allPresent(arte),
        clientRef: "run-xyz-1",
      }),
    ).rejects.toMatchObject({ messageKey: "attendance-already-logged-error" });
    const sheet = await getAttendanceSheet(deps, operator, arte.id, "2026-11-18");
    expect(sheet.existing).toMatchObject({ canEdit: true, statuses: allPresent(arte) });
    expect(await deps.db.session.count()).toBe(1);
  });

  it("returns the same session when a flow run is replayed with its clientRef", async () => {
    const operator = world.staff.operator.actor;
    const input = { activityId: arte.id, occurredOn: "2026-11-18", statuses: allPresent(arte), clientRef: "run-abc-1" };
    const first = await recordAttendance(deps, operator, input);
    const again = await recordAttendance(deps, operator, input);
    expect(again).toEqual(first);
    expect(await deps.db.session.count()).toBe(1);
  });

  it("refuses future dates, other sites' staff and a roster that changed meanwhile", async () => {
    const operator = world.staff.operator.actor;
    await expect(
      recordAttendance(deps, operator, {
        activityId: arte.id,
        occurredOn: "2026-11-19",
        statuses: allPresent(arte),
        clientRef: "run-abc-1",
      }),
    ).rejects.toMatchObject({ messageKey: "error-date-future" });
    await expect(
      recordAttendance(deps, world.staff.otherOperator.actor, {
        activityId: arte.id,
        occurredOn: "2026-11-18",
        statuses: allPresent(arte),
        clientRef: "run-abc-2",
      }),
    ).rejects.toMatchObject({ messageKey: "error-not-found-or-not-allowed" });
    const { [String(arte.roster[0]!.id)]: _dropped, ...missingOne } = allPresent(arte);
    await expect(
      recordAttendance(deps, operator, {
        activityId: arte.id,
        occurredOn: "2026-11-18",
        statuses: missingOne,
        clientRef: "run-abc-3",
      }),
    ).rejects.toMatchObject({ messageKey: "attendance-roster-changed" });
  });

  it("lets the author correct statuses for 24 hours, then only coordinators, auditing before and after", async () => {
    const operator = world.staff.operator.actor;
    const { sessionId } = await recordAttendance(deps, operator, {
      activityId: arte.id,
      occurredOn: "2026-11-18",
      statuses: allPresent(arte),
      clientRef: "run-abc-1",
    });
    const first = String(arte.roster[0]!.id);
    clock.advance(23 * 3600_000);
    expect(await updateAttendance(deps, operator, sessionId, { [first]: "excused" })).toMatchObject({
      present: 3,
      excused: 1,
    });
    clock.advance(2 * 3600_000);
    await expect(updateAttendance(deps, operator, sessionId, { [first]: "absent" })).rejects.toMatchObject({
      messageKey: "session-edit-too-late",
    });
    await updateAttendance(deps, world.staff.coordinator.actor, sessionId, { [first]: "absent" });
    const corrections = await deps.db.auditEntry.findMany({
      where: { action: "session.correct" },
      orderBy: { id: "asc" },
    });
    expect(corrections.map((c) => JSON.parse(c.details ?? "{}"))).toMatchObject([
      { before: { statuses: { [first]: "present" } }, after: { statuses: { [first]: "excused" } } },
      { before: { statuses: { [first]: "excused" } }, after: { statuses: { [first]: "absent" } } },
    ]);
    await expect(
      updateAttendance(deps, world.staff.otherOperator.actor, sessionId, { [first]: "present" }),
    ).rejects.toMatchObject({
      messageKey: "error-not-found-or-not-allowed",
    });
  });

  it("undoes within 10 minutes, which frees the activity and date to be logged again", async () => {
    const operator = world.staff.operator.actor;
    const { sessionId } = await recordAttendance(deps, operator, {
      activityId: arte.id,
      occurredOn: "2026-11-18",
      statuses: allPresent(arte),
      clientRef: "run-abc-1",
    });
    clock.advance(9 * 60_000);
    await undoSession(deps, operator, sessionId);
    const voided = await deps.db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(voided.voidedAt).not.toBeNull();
    expect(voided.groupKey).toBeNull();
    expect((await getAttendanceSheet(deps, operator, arte.id, "2026-11-18")).existing).toBeNull();
    const again = await recordAttendance(deps, operator, {
      activityId: arte.id,
      occurredOn: "2026-11-18",
      statuses: allPresent(arte),
      clientRef: "run-abc-2",
    });
    clock.advance(11 * 60_000);
    await expect(undoSession(deps, operator, again.sessionId)).rejects.toMatchObject({
      messageKey: "session-undo-too-late",
    });
    const audit = await deps.db.auditEntry.findFirstOrThrow({ where: { action: "session.void" } });
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({
      before: { voided: false, kind: "group_activity" },
      after: { voided: true },
    });
  });
});
