// The person's path from CSV: legal-status changes, referrals and internships, all or nothing, every problem by line
// and column.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allowancesImporter } from "../../src/cli/importers/allowances.ts";
import { bedsImporter } from "../../src/cli/importers/beds.ts";
import { internshipsImporter } from "../../src/cli/importers/internships.ts";
import { legalStatusesImporter } from "../../src/cli/importers/legal-statuses.ts";
import { referralsImporter } from "../../src/cli/importers/referrals.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { seedTestWorld, type World } from "../helpers/fixtures.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;

// Wednesday 18 November 2026; the world's people were taken in charge on 15 January 2026 as detained.
beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2026-11-18T10:00:00+01:00"));
});
afterEach(() => database.drop());

const file = (header: string, ...lines: string[]) => `${[header, ...lines].join("\n")}\n`;

describe("import legal-statuses", () => {
  const HEADER = "person_code,legal_status,from_date";

  it("adds dated periods, correcting one of the same date", async () => {
    const result = await legalStatusesImporter.run(
      deps,
      file(
        HEADER,
        "BOL-0001,work_outside_art21,2026-04-01",
        "bol-0001,Probation_Social_Services,01/06/2026",
        "BOL-0001,detained_awaiting_trial,2026-01-15",
      ),
    );
    expect(result).toEqual({ imported: 3, errors: [] });
    const periods = await deps.db.legalStatusPeriod.findMany({
      where: { personId: world.people[0]!.id },
      orderBy: { fromOn: "asc" },
    });
    expect(periods.map((p) => [p.fromOn, p.status])).toEqual([
      ["2026-01-15", "detained_awaiting_trial"],
      ["2026-04-01", "work_outside_art21"],
      ["2026-06-01", "probation_social_services"],
    ]);
    expect(await deps.db.auditEntry.count({ where: { action: "person.legal_status", actorId: null } })).toBe(3);
  });

  it("writes nothing when a row is wrong, and names every problem by line and column", async () => {
    const result = await legalStatusesImporter.run(
      deps,
      file(
        HEADER,
        "BOL-0001,semi_liberty,2026-04-01",
        "BOL-0999,semi_liberty,2026-04-01",
        "BOL-0002,adult,2026-04-01",
        "BOL-0002,semi_liberty,2025-12-31",
        "BOL-0001,home_detention,01/04/2026",
        "BOL-0003,semi_liberty,2028-01-01",
      ),
    );
    expect(result.imported).toBe(0);
    expect(result.errors).toEqual([
      { line: 3, column: "person_code", reason: "no person has the code BOL-0999" },
      { line: 4, column: "legal_status", reason: expect.stringContaining('"adult" is not one of: detained,') },
      { line: 5, column: "from_date", reason: "must not be before the intake (2026-01-15)" },
      { line: 6, column: "from_date", reason: "BOL-0001 already has a change on 2026-04-01 on line 2" },
      { line: 7, column: "from_date", reason: "must not be after 2027-11-19" },
    ]);
    expect(await deps.db.legalStatusPeriod.count()).toBe(4);
  });
});

describe("import referrals", () => {
  const HEADER =
    "site,received_date,source,institution,person_code,given_name,family_name,status,decided_date,decline_reason";

  it("records pending, accepted and declined referrals, names sealed", async () => {
    const result = await referralsImporter.run(
      deps,
      file(
        HEADER,
        "BOL,2026-01-05,prison,CR Milano-Bollate,BOL-0001,,,accepted,2026-01-15,",
        "BOL,2026-10-01,serd,,,Ada,Neri,,,",
        "OPE,2026-09-01,uepe,,,Bruno,Verdi,declined,2026-09-20,unreachable",
      ),
    );
    expect(result).toEqual({ imported: 3, errors: [] });
    const rows = await deps.db.referral.findMany({ orderBy: { receivedOn: "asc" } });
    expect(rows.map((r) => [r.source, r.status, r.personId, r.declineReason])).toEqual([
      ["prison", "accepted", world.people[0]!.id, null],
      ["uepe", "declined", null, "unreachable"],
      ["serd", "pending", null, null],
    ]);
    expect(rows[2]!.givenNameEnc).not.toContain("Ada");
    expect(deps.cipher.decrypt(rows[2]!.familyNameEnc ?? "", "Referral.familyNameEnc", rows[2]!.id)).toBe("Neri");
  });

  it("refuses inconsistent decisions and writes nothing", async () => {
    const result = await referralsImporter.run(
      deps,
      file(
        HEADER,
        "BOL,2026-10-01,serd,,,Ada,Neri,accepted,2026-10-05,",
        "BOL,2026-10-01,serd,,,Ada,,,,",
        "BOL,2026-10-01,cps,,,Ada,Neri,declined,2026-09-30,",
        "MIL,2026-10-01,cps,,,Ada,Neri,pending,2026-10-02,",
        "BOL,2026-10-01,uepe,CC San Vittore,BOL-0002,,,pending,,",
      ),
    );
    expect(result.imported).toBe(0);
    expect(result.errors).toEqual([
      {
        line: 2,
        column: "person_code",
        reason: "is required for a referral taken in charge (import the person first)",
      },
      { line: 3, column: "family_name", reason: "is required without a person_code" },
      { line: 4, column: "decided_date", reason: "must not be before the received_date" },
      { line: 4, column: "decline_reason", reason: "is required when declined" },
      { line: 5, column: "site", reason: "no active site has the code prefix MIL" },
      { line: 5, column: "decided_date", reason: "must be empty while pending" },
      { line: 6, column: "institution", reason: "only for the source prison" },
    ]);
    expect(await deps.db.referral.count()).toBe(0);
  });
});

describe("import internships", () => {
  const HEADER =
    "person_code,host,host_kind,tutor_telegram_id,start_date,planned_end_date,hours_per_week,monthly_allowance_eur,allowance_payer,end_date,outcome,interruption_reason,hire_contract,employer,employer_kind";

  it("imports running and ended internships, one host per name, and the hires of 'hired' outcomes", async () => {
    const result = await internshipsImporter.run(
      deps,
      file(
        HEADER,
        "BOL-0001,Cooperativa Il Sole,third_sector,3001,2026-03-02,2026-09-01,20,500,programme,2026-08-31,hired_by_host,,apprenticeship,,",
        'BOL-0002,cooperativa  il sole,,,2026-05-04,2026-11-04,25,"450,50",regional_measure,2026-07-10,interrupted,health,,,',
        "BOL-0002,Comune di Bollate,public,,2026-09-01,2027-03-01,30,,,,,,,,",
        "BOL-0003,Officina Rossi,profit,,2026-02-01,2026-08-01,36,,,2026-08-01,hired_elsewhere,,permanent,Logistica Nord spa,profit",
      ),
    );
    expect(result).toEqual({ imported: 4, errors: [] });
    expect(await deps.db.organisation.count()).toBe(4);
    const luca = await deps.db.internship.findMany({
      where: { personId: world.people[1]!.id },
      orderBy: { startsOn: "asc" },
    });
    expect(luca.map((i) => [i.status, i.outcome, i.interruptionReason, i.monthlyAllowanceCents])).toEqual([
      ["ended", "interrupted", "health", 45050],
      ["active", null, null, null],
    ]);
    const hires = await deps.db.hire.findMany({ include: { employer: true }, orderBy: { hiredOn: "asc" } });
    expect(hires.map((h) => [h.hiredOn, h.contract, h.employer?.name])).toEqual([
      ["2026-08-01", "permanent", "Logistica Nord spa"],
      ["2026-08-31", "apprenticeship", "Cooperativa Il Sole"],
    ]);
  });

  it("refuses what does not fit together and writes nothing", async () => {
    const result = await internshipsImporter.run(
      deps,
      file(
        HEADER,
        "BOL-0001,Coop,,,2026-03-02,2026-03-01,20,,,,,,,,",
        "BOL-0001,Coop,,,2026-03-02,2026-09-01,60,,programme,,,,,,",
        "BOL-0002,Coop,,,2026-03-02,2026-09-01,20,,,2026-08-01,,,,,",
        "BOL-0002,Coop,,,2026-03-02,2026-09-01,20,,,2026-08-01,hired_by_host,,,,",
        "BOL-0003,Coop,,,2026-03-02,2026-09-01,20,,,,,,,,",
        "BOL-0003,Coop,,,2026-04-02,2026-09-01,20,,,,,,,,",
      ),
    );
    expect(result.imported).toBe(0);
    expect(result.errors).toEqual([
      { line: 2, column: "planned_end_date", reason: "must be after the start_date" },
      { line: 3, column: "hours_per_week", reason: "must be whole hours per week between 1 and 48" },
      { line: 4, column: "outcome", reason: "end_date and outcome go together" },
      {
        line: 5,
        column: "hire_contract",
        reason: "is required for hired_by_host or hired_elsewhere, and only for them",
      },
      { line: 7, column: "person_code", reason: "BOL-0003 has another internship under way on line 6" },
    ]);
    expect(await deps.db.internship.count()).toBe(0);
  });
});

describe("import allowances", () => {
  it("records the allowance paid per month of an internship, refusing months outside it", async () => {
    await internshipsImporter.run(
      deps,
      file(
        "person_code,host,start_date,planned_end_date,hours_per_week,monthly_allowance_eur",
        "BOL-0001,Cooperativa Il Sole,2026-03-02,2026-09-01,20,500",
      ),
    );
    const HEADER = "person_code,internship_start_date,month,amount_eur";
    const wrong = await allowancesImporter.run(
      deps,
      file(
        HEADER,
        "BOL-0001,2026-03-02,2026-03,500",
        "BOL-0001,2026-03-02,2026-10,500",
        "BOL-0001,2026-03-03,2026-04,500",
      ),
    );
    expect(wrong.errors).toEqual([
      { line: 3, column: "month", reason: "must fall within the internship (2026-03-02 – 2026-09-01)" },
      { line: 4, column: "internship_start_date", reason: "BOL-0001 has no internship starting on 2026-03-03" },
    ]);
    expect(await deps.db.allowancePayment.count()).toBe(0);
    const result = await allowancesImporter.run(
      deps,
      file(HEADER, "BOL-0001,2026-03-02,2026-03,250", 'BOL-0001,02/03/2026,2026-04,"500,00"'),
    );
    expect(result).toEqual({ imported: 2, errors: [] });
    const paid = await deps.db.allowancePayment.findMany({ orderBy: { month: "asc" } });
    expect(paid.map((p) => [p.month, p.amountCents])).toEqual([
      ["2026-03", 25000],
      ["2026-04", 50000],
    ]);
  });
});

describe("import beds", () => {
  it("creates houses and beds once, so the file can be imported again with more beds", async () => {
    const HEADER = "site,house,bed";
    expect(await bedsImporter.run(deps, file(HEADER, "BOL,Casa Ponte,Letto 1", "BOL,Casa Ponte,Letto 2"))).toEqual({
      imported: 2,
      errors: [],
    });
    const again = await bedsImporter.run(
      deps,
      file(HEADER, "BOL,Casa Ponte,Letto 1", "BOL,Casa Ponte,Letto 2", "BOL,Casa Ponte,Letto 3"),
    );
    expect(again).toEqual({ imported: 3, errors: [] });
    const houses = await deps.db.house.findMany({ include: { beds: true } });
    expect(houses.map((h) => [h.name, h.siteId, h.beds.map((b) => b.label)])).toEqual([
      ["Casa Ponte", world.bollate.id, ["Letto 1", "Letto 2", "Letto 3"]],
    ]);
    const wrong = await bedsImporter.run(deps, file(HEADER, "MIL,Casa,Letto 1", "BOL,Casa Due,A", "BOL,casa due,a"));
    expect(wrong.errors).toEqual([
      { line: 2, column: "site", reason: "no active site has the code prefix MIL" },
      { line: 4, column: "bed", reason: "is also on line 3" },
    ]);
    expect(await deps.db.house.count()).toBe(1);
  });
});
