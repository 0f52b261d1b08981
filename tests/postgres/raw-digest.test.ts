// PostgreSQL's raw-SQL baseline of the digest benchmark counts exactly what Ponte's digests count, on the
// hand-counted golden week (the SQLite baseline's tests: tests/bench/raw-digest.test.ts).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compareWithRawPostgres, rawDigestCountsPostgres } from "../../bench/raw-digest-postgres.ts";
import { poolOf } from "../../src/db/postgres/pool.ts";
import { digestCounts } from "../../src/domain/digest.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { scopeDigest } from "../../src/services/reports/digest.ts";
import type { DigestTarget } from "../../src/services/reports/digest-view.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { seedTestWorld, type World } from "../helpers/fixtures.ts";
import {
  addSession,
  DIGEST_MONDAY,
  GOLDEN_BOLLATE,
  GOLDEN_WEEK,
  type GoldenWeek,
  goldenWeek,
  pathWeek,
} from "../helpers/report-fixtures.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;
let golden: GoldenWeek;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld(DIGEST_MONDAY));
  golden = await goldenWeek(deps, world);
});
afterEach(() => database.drop());

const rawCounts = (weekKey: string) =>
  rawDigestCountsPostgres(poolOf(deps.db), world.programmeId, weekKey, deps.timeZone);
const mismatches = async (weekKey: string) =>
  (await compareWithRawPostgres(deps, world.programmeId, weekKey)).mismatches;

describe("rawDigestCountsPostgres", () => {
  it("matches the hand-counted Bollate figures of the golden week and the week before", async () => {
    const bollate = (await rawCounts(GOLDEN_WEEK)).get(`site:${world.bollate.id}`);
    expect(bollate?.current).toEqual(
      Object.fromEntries(Object.entries(GOLDEN_BOLLATE).map(([code, [current]]) => [code, current])),
    );
    expect(bollate?.previous).toEqual(
      Object.fromEntries(Object.entries(GOLDEN_BOLLATE).map(([code, [, previous]]) => [code, previous])),
    );
  });

  // W42 reaches back to the event of W41; W44 holds the session at 00:30 on the Monday after the DST change.
  it.each(["2026-W42", GOLDEN_WEEK, "2026-W44"])(
    "gives Ponte's counts for every site and the programme in %s",
    async (weekKey) => {
      const targets: DigestTarget[] = [
        { kind: "site", id: world.bollate.id },
        { kind: "site", id: world.opera.id },
        { kind: "programme", id: world.programmeId },
      ];
      const raw = await rawCounts(weekKey);
      expect([...raw.keys()].sort()).toEqual(targets.map((t) => `${t.kind}:${t.id}`).sort());
      for (const target of targets) {
        const { report } = await scopeDigest(deps, target, weekKey);
        expect(raw.get(`${target.kind}:${target.id}`), `${target.kind}:${target.id}`).toEqual({
          current: digestCounts(report.current),
          previous: digestCounts(report.previous),
        });
      }
    },
  );

  it("counts a person at two sites at both sites but once in the programme", async () => {
    const [p1] = world.people;
    await deps.db.personSite.create({
      data: { personId: p1?.id as number, siteId: world.opera.id, fromOn: "2026-01-15" },
    });
    const raw = await rawCounts(GOLDEN_WEEK);
    const caseload = (key: string) => raw.get(key)?.current.active_caseload;
    expect([
      caseload(`site:${world.bollate.id}`),
      caseload(`site:${world.opera.id}`),
      caseload(`programme:${world.programmeId}`),
    ]).toEqual([4, 2, 5]);
    expect(await mismatches(GOLDEN_WEEK)).toEqual([]);
  });

  it("counts a person transferred mid-week at the old site until the transfer and at the new one after", async () => {
    const [p1] = world.people;
    const personId = p1?.id as number;
    await deps.db.personSite.updateMany({ where: { personId }, data: { toOn: "2026-10-21" } });
    await deps.db.personSite.create({ data: { personId, siteId: world.opera.id, fromOn: "2026-10-21" } });
    const raw = await rawCounts(GOLDEN_WEEK);
    const caseload = (key: string) => [raw.get(key)?.current.active_caseload, raw.get(key)?.previous.active_caseload];
    expect(caseload(`site:${world.bollate.id}`)).toEqual([GOLDEN_BOLLATE.active_caseload[0] - 1, 4]);
    expect(caseload(`site:${world.opera.id}`)).toEqual([2, 1]);
    expect(await mismatches(GOLDEN_WEEK)).toEqual([]);
    expect(await mismatches("2026-W44")).toEqual([]);
  });

  it("counts an entry logged exactly 72 h of real time after, across the DST night, as on time, and 1 s more as late", async () => {
    const entry = (recordedAt: string) =>
      addSession(deps, {
        siteId: world.opera.id,
        kind: "individual_social",
        occurredAt: "2026-10-24T12:00+02:00",
        recordedAt,
        durationMinutes: 30,
        authorId: world.staff.otherOperator.id,
      });
    const late = async () => (await rawCounts("2026-W44")).get(`site:${world.opera.id}`)?.current.late_entries;
    await entry("2026-10-27T11:00:00+01:00");
    expect(await late()).toBe(0);
    await entry("2026-10-27T11:00:01+01:00");
    expect(await late()).toBe(1);
    expect(await mismatches("2026-W44")).toEqual([]);
  });
});

describe("compareWithRawPostgres", () => {
  it("finds no mismatch on the golden week and times the raw side", async () => {
    const result = await compareWithRawPostgres(deps, world.programmeId, GOLDEN_WEEK);
    expect(result.mismatches).toEqual([]);
    expect(result.rawMs).toBeGreaterThan(0);
  });

  it("counts the week's referrals, hires and moves, and the plans in force at its end, as Ponte does", async () => {
    await pathWeek(deps, world, golden);
    const bollate = (await rawCounts(GOLDEN_WEEK)).get(`site:${world.bollate.id}`);
    // pathWeek, counted by hand; p2's plan replaced after the week is still due within 7 days, not overdue.
    expect(bollate?.current).toMatchObject({
      referrals_received: 1,
      hires_by_host: 1,
      hires_elsewhere: 0,
      move_ins: 1,
      move_outs: 1,
      plan_reviews_due_7_days: 1,
      plan_reviews_overdue: 1,
    });
    expect(bollate?.previous).toMatchObject({ referrals_received: 1, move_ins: 0 });
    expect(await mismatches(GOLDEN_WEEK)).toEqual([]);
  });
});
