// The raw-SQL baseline of the digest benchmark counts exactly what Ponte's digests count, on the hand-counted golden
// week (on the test database's engine: SQLite under npm test, PostgreSQL under npm run test:postgres).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countMismatches } from "../../bench/raw-digest.ts";
import { digestCounts } from "../../src/domain/digest.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { scopeDigest } from "../../src/services/reports/digest.ts";
import type { DigestTarget } from "../../src/services/reports/digest-view.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { type World, seedTestWorld } from "../helpers/fixtures.ts";
import { type RawBaselines, rawBaselinesOf } from "../helpers/raw-baselines.ts";
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
let raw: RawBaselines;
let golden: GoldenWeek;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld(DIGEST_MONDAY));
  golden = await goldenWeek(deps, world);
  raw = rawBaselinesOf(database, deps);
});
afterEach(async () => {
  raw.close();
  await database.drop();
});

const targets = (): DigestTarget[] => [
  { kind: "site", id: world.bollate.id },
  { kind: "site", id: world.opera.id },
  { kind: "programme", id: world.programmeId },
];

describe("the raw digest counts", () => {
  it("matches the hand-counted Bollate figures of the golden week and the week before", async () => {
    const bollate = (await raw.digestCounts(world.programmeId, GOLDEN_WEEK, "Europe/Rome")).get(
      `site:${world.bollate.id}`,
    );
    const expected = Object.fromEntries(Object.entries(GOLDEN_BOLLATE).map(([code, [current]]) => [code, current]));
    const expectedBefore = Object.fromEntries(
      Object.entries(GOLDEN_BOLLATE).map(([code, [, previous]]) => [code, previous]),
    );
    expect(bollate?.current).toEqual(expected);
    expect(bollate?.previous).toEqual(expectedBefore);
  });

  // W42 reaches back to the event of W41; W44 holds the session at 00:30 on the Monday after the DST change.
  it.each(["2026-W42", GOLDEN_WEEK, "2026-W44"])(
    "gives Ponte's counts for every site and the programme in %s",
    async (weekKey) => {
      const counts = await raw.digestCounts(world.programmeId, weekKey, deps.timeZone);
      expect([...counts.keys()].sort()).toEqual(
        targets()
          .map((t) => `${t.kind}:${t.id}`)
          .sort(),
      );
      for (const target of targets()) {
        const { report } = await scopeDigest(deps, target, weekKey);
        expect(counts.get(`${target.kind}:${target.id}`), `${target.kind}:${target.id}`).toEqual({
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
    const counts = await raw.digestCounts(world.programmeId, GOLDEN_WEEK, deps.timeZone);
    const caseload = (key: string) => counts.get(key)?.current.active_caseload;
    expect([
      caseload(`site:${world.bollate.id}`),
      caseload(`site:${world.opera.id}`),
      caseload(`programme:${world.programmeId}`),
    ]).toEqual([4, 2, 5]);
    expect((await raw.compare(deps, world.programmeId, GOLDEN_WEEK)).mismatches).toEqual([]);
  });

  it("counts a person transferred mid-week at the old site until the transfer and at the new one after", async () => {
    const [p1] = world.people;
    const personId = p1?.id as number;
    await deps.db.personSite.updateMany({ where: { personId }, data: { toOn: "2026-10-21" } });
    await deps.db.personSite.create({ data: { personId, siteId: world.opera.id, fromOn: "2026-10-21" } });
    const counts = await raw.digestCounts(world.programmeId, GOLDEN_WEEK, deps.timeZone);
    const caseload = (key: string) => [
      counts.get(key)?.current.active_caseload,
      counts.get(key)?.previous.active_caseload,
    ];
    expect(caseload(`site:${world.bollate.id}`)).toEqual([GOLDEN_BOLLATE.active_caseload[0] - 1, 4]);
    expect(caseload(`site:${world.opera.id}`)).toEqual([2, 1]);
    expect((await raw.compare(deps, world.programmeId, GOLDEN_WEEK)).mismatches).toEqual([]);
    expect((await raw.compare(deps, world.programmeId, "2026-W44")).mismatches).toEqual([]);
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
    await entry("2026-10-27T11:00:00+01:00");
    const late = async () =>
      (await raw.digestCounts(world.programmeId, "2026-W44", deps.timeZone)).get(`site:${world.opera.id}`)?.current
        .late_entries;
    expect(await late()).toBe(0);
    await entry("2026-10-27T11:00:01+01:00");
    expect(await late()).toBe(1);
    expect((await raw.compare(deps, world.programmeId, "2026-W44")).mismatches).toEqual([]);
  });
});

describe("the raw digest against Ponte", () => {
  it("finds no mismatch on the golden week and times the raw side", async () => {
    const result = await raw.compare(deps, world.programmeId, GOLDEN_WEEK);
    expect(result.mismatches).toEqual([]);
    expect(result.rawMs).toBeGreaterThan(0);
  });

  it("counts the week's referrals, hires and moves, and the plans in force at its end, as Ponte does", async () => {
    await pathWeek(deps, world, golden);
    const bollate = (await raw.digestCounts(world.programmeId, GOLDEN_WEEK, deps.timeZone)).get(
      `site:${world.bollate.id}`,
    );
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
    expect((await raw.compare(deps, world.programmeId, GOLDEN_WEEK)).mismatches).toEqual([]);
  });

  it("names the scope, week and figure of a count that differs", async () => {
    const counts = await raw.digestCounts(world.programmeId, GOLDEN_WEEK, deps.timeZone);
    const bollate = `site:${world.bollate.id}`;
    const pair = counts.get(bollate);
    if (!pair) throw new Error("no Bollate counts");
    const altered = new Map(counts).set(bollate, { ...pair, previous: { ...pair.previous, late_entries: 7 } });
    expect(countMismatches(counts, altered)).toEqual([`${bollate} previous late_entries: raw 0, ponte 7`]);
  });
});
