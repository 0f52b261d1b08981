// Loading digest rows from the database: the golden week's figures, exactly the window's rows, DST at the week's edge.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { computeDigest, digestCounts } from "../../../src/domain/digest.ts";
import type { DigestInput, DigestScope } from "../../../src/domain/digest.ts";
import { readSnapshot } from "../../../src/db/client.ts";
import { databaseUrlOf } from "../../../src/db/url.ts";
import type { ServiceDeps } from "../../../src/services/deps.ts";
import { loadDigestInput } from "../../../src/services/reports/digest-data.ts";
import {
  computeDigestFigures,
  digestFiguresInChildProcess,
  type ScopeFigures,
} from "../../../src/services/reports/digest-figures.ts";
import type { TestDatabase } from "../../helpers/database.ts";
import { type World, seedTestWorld } from "../../helpers/fixtures.ts";
import {
  addEvent,
  addSession,
  GOLDEN_BOLLATE,
  GOLDEN_WEEK,
  type GoldenWeek,
  goldenWeek,
} from "../../helpers/report-fixtures.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;
let golden: GoldenWeek;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2026-10-26T08:00:00+01:00"));
  golden = await goldenWeek(deps, world);
});
afterEach(() => database.drop());

/** Every row of the database, unfiltered: the oracle the windowed loader must agree with. */
async function loadEverything(): Promise<DigestInput> {
  const { db } = deps;
  const sessions = await db.session.findMany({ include: { attendance: true } });
  const events = await db.criticalEvent.findMany({ include: { acknowledgements: true, people: true } });
  const people = await db.person.findMany({ include: { sites: true, legalStatuses: true } });
  const hires = await db.hire.findMany({ include: { internship: { select: { hostId: true } } } });
  const staff = await db.staff.findMany({ include: { memberships: true } });
  const activities = await db.activity.findMany({ include: { schedules: true } });
  return {
    sessions: sessions.map((s) => ({
      id: s.id,
      siteId: s.siteId,
      kind: s.kind,
      activityId: s.activityId,
      occurredAt: s.occurredAt,
      occurredOn: s.occurredOn,
      recordedAt: s.recordedAt,
      durationMinutes: s.durationMinutes,
      authorId: s.authorId,
      voidedAt: s.voidedAt,
    })),
    attendance: sessions.map((s) => ({
      sessionId: s.id,
      presentPersonIds: s.attendance.filter((a) => a.status === "present").map((a) => a.personId),
      expected: s.attendance.filter((a) => a.status !== "withdrawn").length,
    })),
    people: people.map((p) => ({
      id: p.id,
      sites: p.sites.map((s) => ({ siteId: s.siteId, fromOn: s.fromOn, toOn: s.toOn })),
      intakeOn: p.intakeOn,
      dischargeOn: p.dischargeOn,
      legalStatuses: p.legalStatuses.map((l) => ({ status: l.status, fromOn: l.fromOn })),
    })),
    plans: await db.plan.findMany({
      select: { personId: true, status: true, reviewOn: true, createdAt: true, closedAt: true },
    }),
    hires: hires.map((h) => ({
      personId: h.personId,
      hiredOn: h.hiredOn,
      employerId: h.employerId,
      internshipHostId: h.internship?.hostId ?? null,
    })),
    referrals: await db.referral.findMany({ select: { id: true, siteId: true, receivedOn: true, source: true } }),
    stays: await db.housingStay.findMany({ select: { personId: true, siteId: true, fromOn: true, toOn: true } }),
    events: events.map((e) => ({
      id: e.id,
      siteId: e.siteId,
      kind: e.kind,
      severity: e.severity,
      occurredAt: e.occurredAt,
      occurredOn: e.occurredOn,
      recordedAt: e.recordedAt,
      reporterId: e.reporterId,
      acknowledgedAt: e.acknowledgements.map((a) => a.at).sort((a, b) => a.getTime() - b.getTime())[0] ?? null,
      closedAt: e.closedAt,
      personIds: e.people.map((p) => p.personId),
    })),
    internships: await db.internship.findMany({
      select: { id: true, personId: true, hostId: true, startsOn: true, endsOn: true, outcome: true },
    }),
    staff: staff.map((m) => ({
      id: m.id,
      active: m.active,
      deactivatedAt: m.deactivatedAt,
      memberships: m.memberships.map((x) => ({ role: x.role, siteId: x.siteId, createdAt: x.createdAt })),
    })),
    activities: activities.map((a) => ({
      id: a.id,
      siteId: a.siteId,
      kind: a.kind,
      active: a.active,
      createdAt: a.createdAt,
      schedules: a.schedules.map((s) => ({ weekday: s.weekday })),
    })),
  };
}

/** The window's rows of these sites, as the digest's child process reads them. */
const load = (siteIds: readonly number[], weekKey: string) =>
  readSnapshot(deps.db, (sql) => loadDigestInput(sql, siteIds, weekKey, "Europe/Rome"));

const bollateScope = (): DigestScope => ({ kind: "site", siteId: world.bollate.id });

describe("loadDigestInput", () => {
  it("gives the hand-counted figures of the golden week and of the week before", async () => {
    const input = await load([world.bollate.id], GOLDEN_WEEK);
    const report = computeDigest(input, bollateScope(), GOLDEN_WEEK);
    const current = digestCounts(report.current);
    const previous = digestCounts(report.previous);
    for (const [code, [now, before]] of Object.entries(GOLDEN_BOLLATE)) {
      expect([code, current[code as keyof typeof current]]).toEqual([code, now]);
      expect([code, previous[code as keyof typeof previous]]).toEqual([code, before]);
    }
    expect(report.current.people.noContact14Days).toEqual([golden.people.p3.id]);
    expect(report.current.events.unacknowledged).toEqual([golden.events.selfHarm]);
    expect(report.current.groupActivities.notLogged).toEqual([
      { activityId: golden.activities.garden, occurredOn: "2026-10-21" },
    ]);
    expect(report.current.logging.staffWithoutEntries).toEqual([golden.idleOperator.id]);
  });

  it("loads only the window's rows of the scope, and they give the same digest as every row", async () => {
    const omar = world.staff.operator.id;
    const old = await addSession(deps, {
      siteId: world.bollate.id,
      kind: "individual_social",
      occurredAt: "2026-03-10T10:00+01:00",
      durationMinutes: 60,
      authorId: omar,
    });
    const oldClosedEvent = await addEvent(deps, {
      siteId: world.bollate.id,
      kind: "protest",
      severity: 1,
      occurredAt: "2026-04-01T10:00+02:00",
      reporterId: omar,
      personIds: [],
      closedAt: "2026-04-02T10:00+02:00",
    });
    const input = await load([world.bollate.id], GOLDEN_WEEK);
    const sessionIds = input.sessions.map((s) => s.id);
    expect(sessionIds).not.toContain(old);
    expect(input.events.map((e) => e.id)).not.toContain(oldClosedEvent);
    expect(new Set(input.sessions.map((s) => s.siteId))).toEqual(new Set([world.bollate.id]));
    expect(input.attendance.every((a) => sessionIds.includes(a.sessionId))).toBe(true);
    expect(input.activities.map((a) => a.id).sort()).toEqual([golden.activities.art, golden.activities.garden].sort());

    const everything = await loadEverything();
    for (const scope of [
      bollateScope(),
      { kind: "programme" as const, programmeId: world.programmeId, siteIds: [world.bollate.id, world.opera.id] },
    ]) {
      const siteIds = scope.kind === "site" ? [scope.siteId] : scope.siteIds;
      const windowed = await load(siteIds, GOLDEN_WEEK);
      expect(computeDigest(windowed, scope, GOLDEN_WEEK)).toEqual(computeDigest(everything, scope, GOLDEN_WEEK));
    }
  });

  it("counts a session at 00:30 on Monday 26 October (after the clocks went back) in the next week, not the DST week", async () => {
    const dstWeek = await load([world.bollate.id], "2026-W43");
    const nextWeek = await load([world.bollate.id], "2026-W44");
    const w43 = computeDigest(dstWeek, bollateScope(), "2026-W43").current;
    const w44 = computeDigest(nextWeek, bollateScope(), "2026-W44").current;
    // Sunday 23:30 stays in W43; Monday 00:30 (still Sunday 25 in UTC) goes to W44.
    expect(w43.sessions.byKind).toEqual({ group_activity: 2, individual_educational: 1, phone_contact: 1 });
    expect(w43.sessions.byKind.individual_psychological).toBeUndefined();
    expect(w44.sessions.total).toBe(1);
    expect(w44.sessions.byKind).toEqual({ individual_psychological: 1 });
    expect(w44.sessions.activityMinutes).toBe(30);
  });

  it("does the same when the clocks go forward: 23:30 on Sunday 29 March in W13, 00:30 on Monday 30 in W14", async () => {
    const omar = world.staff.operator.id;
    const session = (occurredAt: string, kind: string) =>
      addSession(deps, { siteId: world.bollate.id, kind, occurredAt, durationMinutes: 30, authorId: omar });
    await session("2026-03-29T23:30+02:00", "home_visit");
    await session("2026-03-30T00:30+02:00", "mediation");
    const figures = async (weekKey: string) =>
      computeDigest(await load([world.bollate.id], weekKey), bollateScope(), weekKey).current;
    expect((await figures("2026-W13")).sessions.byKind).toEqual({ home_visit: 1 });
    expect((await figures("2026-W14")).sessions.byKind).toEqual({ mediation: 1 });
  });
});

describe("digest figures in a child process", () => {
  it("are the figures and chart computed in place, for a site and for the programme from one read", async () => {
    const siteIds = [world.bollate.id, world.opera.id];
    const task = {
      databaseUrl: databaseUrlOf(deps.db),
      timeZone: "Europe/Rome",
      weekKey: GOLDEN_WEEK,
      siteIds,
      scopes: [bollateScope(), { kind: "programme" as const, programmeId: world.programmeId, siteIds }],
    };
    const inChild = await digestFiguresInChildProcess(task);
    expect(inChild).toEqual(await computeDigestFigures(task));
    expect(digestCounts((inChild[0] as ScopeFigures).report.current).sessions_total).toBe(
      GOLDEN_BOLLATE.sessions_total[0],
    );
  });

  it("fail with the child's reason when the database cannot be read, instead of waiting for ever", async () => {
    const missing = digestFiguresInChildProcess({
      databaseUrl: "file:.tmp/no-such-database.db",
      timeZone: "Europe/Rome",
      weekKey: GOLDEN_WEEK,
      siteIds: [world.bollate.id],
      scopes: [bollateScope()],
    });
    await expect(missing).rejects.toThrow(/digest-figures-worker.*(unable to open|does not exist|SQLITE_CANTOPEN)/i);
  });
});
