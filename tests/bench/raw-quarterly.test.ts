// The raw-SQL baselines of the sheet and funnel benchmarks count exactly what Ponte counts, on the hand-counted rows
// (on the test database's engine: SQLite under npm test, PostgreSQL under npm run test:postgres).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { quarterPeriod } from "../../src/domain/report-periods.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { loadJobFunnel } from "../../src/services/reports/funnel-data.ts";
import { reportScope } from "../../src/services/reports/quarterly.ts";
import { loadOutputIndicators } from "../../src/services/reports/sheet-data.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { seedTestWorld, type World } from "../helpers/fixtures.ts";
import { type RawBaselines, rawBaselinesOf } from "../helpers/raw-baselines.ts";
import { quarterFixture, sheetSetup } from "../helpers/report-fixtures.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;
let raw: RawBaselines;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2027-01-04T09:00:00+01:00"));
  const golden = await quarterFixture(deps, world);
  await sheetSetup(deps, world);
  // A hire after p1's internship, and p4 on probation from November: both formulas see them.
  const internship = await deps.db.internship.findFirstOrThrow({ where: { personId: golden.people.p1.id } });
  await deps.db.hire.create({
    data: {
      personId: golden.people.p1.id,
      employerId: internship.hostId,
      hiredOn: "2026-10-24",
      contract: "fixed_term",
      internshipId: internship.id,
    },
  });
  await deps.db.legalStatusPeriod.create({
    data: { personId: golden.people.p4.id, status: "probation_social_services", fromOn: "2026-11-01" },
  });
  raw = rawBaselinesOf(database, deps);
});
afterEach(async () => {
  raw.close();
  await database.drop();
});

describe("rawSheet", () => {
  it("gives Ponte's figures for every site and the total, in the quarter and since the programme's start", async () => {
    const { sites } = await reportScope(deps, null, world.programmeId);
    const spans = [quarterPeriod("2026Q4"), { startsOn: "2025-11-01", endsOn: "2026-12-31" }, quarterPeriod("2026Q1")];
    const ponte = await loadOutputIndicators(deps.db, world.programmeId, sites, spans);
    const rawValues = await raw.sheet(world.programmeId, sites, spans);
    spans.forEach((_, index) => {
      for (const site of ponte[index]?.sites ?? [])
        expect(rawValues.get(`${index}:${site.siteId}`), `${index}:${site.siteName}`).toEqual(site.values);
      expect(rawValues.get(`${index}:total`), `${index}:total`).toEqual(ponte[index]?.total.values);
    });
    expect(rawValues.get("0:total")?.day_centre_opening_days).toBe(70);
  });
});

describe("rawFunnel", () => {
  it("gives Ponte's funnel by year and in total", async () => {
    const siteIds = [world.bollate.id, world.opera.id];
    const range = { startsOn: "2025-01-01", endsOn: "2026-12-31" };
    const ponte = await loadJobFunnel(deps.db, siteIds, range);
    expect(await raw.funnel(siteIds, range)).toEqual([...ponte.years, ponte.total]);
    expect(ponte.total).toMatchObject({ internshipStarters: 2, hiredAfterInternship: 1, hiredByHost: 1 });
  });
});
