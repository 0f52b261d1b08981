// The Milan job team's published table (2019–2021), reproduced from a synthetic dataset built to its figures, plus the
// cases that a wrong formula gets wrong: two internships of one person, a hire a year after the internship, a person
// hired twice, a hire with no internship, people and referrals of another site.
import { describe, expect, it } from "vitest";
import { computeJobFunnel, type FunnelInput, type FunnelRow, yearsOf } from "../../src/domain/job-funnel.ts";

const MILAN = 1;
const ELSEWHERE_SITE = 2;
const HOST_BASE = 1000;
const OTHER_EMPLOYER = 9999;

interface YearSpec {
  year: number;
  prison: number;
  services: number;
  intakes: number;
  internships: number;
  starters: number;
  byHost: number;
  elsewhere: number;
}

// The published figures; the host/elsewhere split per year is ours (only the total 33/41 is published).
const MILAN_TABLE: YearSpec[] = [
  { year: 2019, prison: 120, services: 47, intakes: 112, internships: 123, starters: 97, byHost: 18, elsewhere: 22 },
  { year: 2020, prison: 78, services: 56, intakes: 70, internships: 54, starters: 37, byHost: 3, elsewhere: 5 },
  { year: 2021, prison: 127, services: 56, intakes: 125, internships: 122, starters: 70, byHost: 12, elsewhere: 14 },
];
const SERVICE_SOURCES = ["uepe", "municipal_social_services", "serd", "cps", "third_sector", "ussm"];

function milanDataset(): FunnelInput {
  const data: { [K in keyof FunnelInput]: FunnelInput[K][number][] } = {
    referrals: [],
    people: [],
    internships: [],
    hires: [],
  };
  let personId = 0;
  let internshipId = 0;
  for (const spec of MILAN_TABLE) {
    const day = (n: number) =>
      `${spec.year}-${String((n % 12) + 1).padStart(2, "0")}-${String((n % 28) + 1).padStart(2, "0")}`;
    for (let n = 0; n < spec.prison; n += 1)
      data.referrals.push({ siteId: MILAN, receivedOn: day(n), source: "prison" });
    for (let n = 0; n < spec.services; n += 1) {
      data.referrals.push({
        siteId: MILAN,
        receivedOn: day(n),
        source: SERVICE_SOURCES[n % SERVICE_SOURCES.length] as string,
      });
    }
    // Taken in by June: the first `starters` of them start internships (some two), the first hired ones get a job.
    const people = Array.from({ length: spec.intakes }, (_, n) => {
      personId += 1;
      const intakeOn = `${spec.year}-0${(n % 6) + 1}-${String((n % 28) + 1).padStart(2, "0")}`;
      return { id: personId, intakeOn, sites: [{ siteId: MILAN, fromOn: intakeOn, toOn: null }] };
    });
    data.people.push(...people);
    const secondInternships = spec.internships - spec.starters;
    people.slice(0, spec.starters).forEach((person, n) => {
      const startsOn = `${spec.year}-${String((n % 4) + 7).padStart(2, "0")}-15`;
      internshipId += 1;
      const first = { id: internshipId, personId: person.id, hostId: HOST_BASE + n, startsOn };
      data.internships.push(first);
      if (n < secondInternships) {
        internshipId += 1;
        data.internships.push({
          id: internshipId,
          personId: person.id,
          hostId: HOST_BASE + n + 1,
          startsOn: `${spec.year}-11-02`,
        });
      }
      if (n < spec.byHost) {
        data.hires.push({
          personId: person.id,
          employerId: first.hostId,
          hiredOn: `${spec.year}-12-01`,
          internshipId: first.id,
        });
      } else if (n < spec.byHost + spec.elsewhere) {
        data.hires.push({
          personId: person.id,
          employerId: OTHER_EMPLOYER,
          hiredOn: `${spec.year}-12-10`,
          internshipId: first.id,
        });
      }
    });
  }
  return data;
}

const expectedRow = (label: string, figures: Omit<FunnelRow, "label" | "startsOn" | "endsOn">) =>
  expect.objectContaining({ label, ...figures });

describe("the job funnel", () => {
  it("reproduces the Milan team's 2019–2021 table year by year and in total", () => {
    const funnel = computeJobFunnel(milanDataset(), [MILAN], { startsOn: "2019-01-01", endsOn: "2021-12-31" });
    expect(funnel.years).toEqual([
      expectedRow("2019", {
        referrals: 167,
        referralsFromPrison: 120,
        referralsFromServices: 47,
        intakes: 112,
        internshipsStarted: 123,
        internshipStarters: 97,
        hiredAfterInternship: 40,
        hiredByHost: 18,
        hiredElsewhere: 22,
        hireRate: 40 / 97,
      }),
      expectedRow("2020", {
        referrals: 134,
        referralsFromPrison: 78,
        referralsFromServices: 56,
        intakes: 70,
        internshipsStarted: 54,
        internshipStarters: 37,
        hiredAfterInternship: 8,
        hiredByHost: 3,
        hiredElsewhere: 5,
        hireRate: 8 / 37,
      }),
      expectedRow("2021", {
        referrals: 183,
        referralsFromPrison: 127,
        referralsFromServices: 56,
        intakes: 125,
        internshipsStarted: 122,
        internshipStarters: 70,
        hiredAfterInternship: 26,
        hiredByHost: 12,
        hiredElsewhere: 14,
        hireRate: 26 / 70,
      }),
    ]);
    expect(funnel.total).toEqual(
      expectedRow("total", {
        referrals: 484,
        referralsFromPrison: 325,
        referralsFromServices: 159,
        intakes: 307,
        internshipsStarted: 299,
        internshipStarters: 204,
        hiredAfterInternship: 74,
        hiredByHost: 33,
        hiredElsewhere: 41,
        hireRate: 74 / 204,
      }),
    );
    expect(((funnel.total.hireRate as number) * 100).toFixed(2)).toBe("36.27");
  });

  const person = (id: number, siteId = MILAN, intakeOn = "2019-01-10") => ({
    id,
    intakeOn,
    sites: [{ siteId, fromOn: intakeOn, toOn: null }],
  });

  it("divides people hired by people who started an internship, not by internships", () => {
    const funnel = computeJobFunnel(
      {
        referrals: [],
        people: [person(1), person(2)],
        internships: [
          { id: 1, personId: 1, hostId: 10, startsOn: "2019-02-01" },
          { id: 2, personId: 1, hostId: 11, startsOn: "2019-06-01" },
          { id: 3, personId: 1, hostId: 12, startsOn: "2019-09-01" },
          { id: 4, personId: 2, hostId: 10, startsOn: "2019-03-01" },
        ],
        hires: [{ personId: 1, employerId: 12, hiredOn: "2019-12-01", internshipId: 3 }],
      },
      [MILAN],
      { startsOn: "2019-01-01", endsOn: "2019-12-31" },
    );
    expect(funnel.total).toMatchObject({
      internshipsStarted: 4,
      internshipStarters: 2,
      hiredAfterInternship: 1,
      hireRate: 0.5,
    });
  });

  it("counts a hire a year after the internship in the internship's year, once the report reaches the hire", () => {
    const input: FunnelInput = {
      referrals: [],
      people: [person(1)],
      internships: [{ id: 1, personId: 1, hostId: 10, startsOn: "2019-03-01" }],
      hires: [{ personId: 1, employerId: 10, hiredOn: "2020-11-15", internshipId: 1 }],
    };
    const twoYears = computeJobFunnel(input, [MILAN], { startsOn: "2019-01-01", endsOn: "2020-12-31" });
    expect(twoYears.years.map((row) => [row.label, row.hiredAfterInternship, row.hiredByHost])).toEqual([
      ["2019", 1, 1],
      ["2020", 0, 0],
    ]);
    const oneYear = computeJobFunnel(input, [MILAN], { startsOn: "2019-01-01", endsOn: "2019-12-31" });
    expect(oneYear.total.hiredAfterInternship).toBe(0);
  });

  it("counts a person hired twice once, by their first hire, and leaves out hires with no internship", () => {
    const funnel = computeJobFunnel(
      {
        referrals: [],
        people: [person(1), person(2)],
        internships: [{ id: 1, personId: 1, hostId: 10, startsOn: "2019-03-01" }],
        hires: [
          { personId: 1, employerId: 77, hiredOn: "2019-09-01", internshipId: 1 },
          { personId: 1, employerId: 10, hiredOn: "2019-10-01", internshipId: 1 },
          { personId: 2, employerId: 10, hiredOn: "2019-10-01", internshipId: null },
        ],
      },
      [MILAN],
      { startsOn: "2019-01-01", endsOn: "2019-12-31" },
    );
    expect(funnel.total).toMatchObject({ hiredAfterInternship: 1, hiredByHost: 0, hiredElsewhere: 1 });
  });

  it("counts only the referrals, intakes and internships of the report's sites, by the site on the day", () => {
    const transferred = {
      id: 3,
      intakeOn: "2019-01-05",
      sites: [
        { siteId: ELSEWHERE_SITE, fromOn: "2019-01-05", toOn: "2019-05-01" },
        { siteId: MILAN, fromOn: "2019-05-01", toOn: null },
      ],
    };
    const funnel = computeJobFunnel(
      {
        referrals: [
          { siteId: MILAN, receivedOn: "2019-01-02", source: "prison" },
          { siteId: ELSEWHERE_SITE, receivedOn: "2019-01-02", source: "prison" },
          { siteId: MILAN, receivedOn: "2020-01-01", source: "uepe" },
        ],
        people: [person(1), person(2, ELSEWHERE_SITE), transferred],
        internships: [
          { id: 1, personId: 2, hostId: 10, startsOn: "2019-03-01" },
          { id: 2, personId: 3, hostId: 10, startsOn: "2019-04-30" },
          { id: 3, personId: 3, hostId: 11, startsOn: "2019-06-01" },
        ],
        hires: [],
      },
      [MILAN],
      { startsOn: "2019-01-01", endsOn: "2019-12-31" },
    );
    expect(funnel.total).toMatchObject({
      referrals: 1,
      intakes: 1,
      internshipsStarted: 1,
      internshipStarters: 1,
      hireRate: 0,
    });
  });

  it("has no hire rate without starters and clips the years to the range", () => {
    expect(yearsOf({ startsOn: "2019-07-01", endsOn: "2021-03-31" })).toEqual([
      { startsOn: "2019-07-01", endsOn: "2019-12-31" },
      { startsOn: "2020-01-01", endsOn: "2020-12-31" },
      { startsOn: "2021-01-01", endsOn: "2021-03-31" },
    ]);
    const empty = computeJobFunnel({ referrals: [], people: [], internships: [], hires: [] }, [MILAN], {
      startsOn: "2019-01-01",
      endsOn: "2019-12-31",
    });
    expect(empty.total.hireRate).toBeNull();
  });
});
