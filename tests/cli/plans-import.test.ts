// `import plans`: one row per item, a whole plan per person written as a new version, all or nothing.
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plansImporter } from "../../src/cli/importers/plans.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { type World, seedTestWorld } from "../helpers/fixtures.ts";
import { seedPlan } from "../helpers/plan-fixtures.ts";
import type { SealedColumn } from "../../src/services/sealed-columns.ts";

const HEADER = "person_code,record,area,text,status,date,who,frequency,service,referent,phone";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2026-11-18T10:00:00+01:00"));
});
afterEach(() => database.drop());

/** The CSV example of docs/plans-import.md, so the documentation cannot drift from the importer. */
function documentedExample(): string {
  const doc = readFileSync("docs/plans-import.md", "utf8");
  const match = doc.match(/```csv\n([\s\S]*?)```/);
  if (!match?.[1]) throw new Error("no csv example in docs/plans-import.md");
  return match[1];
}

describe("import plans", () => {
  it("imports the documented example as a new version that replaces the active plan", async () => {
    await seedPlan(deps, world.people[0]?.id as number, { objective: "Vecchio obiettivo" });
    const result = await plansImporter.run(deps, documentedExample());
    expect(result).toEqual({ imported: 12, errors: [] });

    const plans = await deps.db.plan.findMany({
      where: { personId: world.people[0]?.id },
      orderBy: { version: "asc" },
      include: { goals: true, interventions: true, network: true },
    });
    expect(plans.map((p) => [p.version, p.status, p.authorId])).toEqual([
      [1, "closed", null],
      [2, "active", null],
    ]);
    const plan = plans[1];
    const open = (sealed: string | null | undefined, column: SealedColumn, id = plan?.id ?? 0) =>
      deps.cipher.decryptOptional(sealed, column, id);
    expect(open(plan?.generalObjectiveEnc, "Plan.generalObjectiveEnc")).toBe("Uscire con un lavoro e una casa");
    expect(JSON.parse(open(plan?.crisisNotesEnc, "Plan.crisisNotesEnc") ?? "{}")).toEqual({
      riskSigns: "Si chiude in cella, smette di mangiare",
      whatToDo: "Parlargli con calma; avvisare l'area sanitaria",
      whomToCall: "CPS Bollate 02 1234567; case manager",
    });
    expect([plan?.reviewOn, plan?.signedByPersonOn]).toEqual(["2027-01-15", "2026-11-03"]);
    expect(plan?.goals.map((g) => [g.area, open(g.textEnc, "PlanGoal.textEnc", g.id), g.status, g.targetOn])).toEqual([
      ["work", "Tirocinio in cucina", "open", "2027-03-31"],
      ["documents", "Rinnovo carta d'identità", "achieved", null],
    ]);
    expect(
      plan?.interventions.map((i) => [i.area, open(i.whatEnc, "PlanIntervention.whatEnc", i.id), i.who, i.frequency]),
    ).toEqual([["work", "Orientamento al lavoro", "Educatore", "settimanale"]]);
    expect(
      plan?.network.map((c) => [
        c.service,
        open(c.referentEnc, "PlanNetworkContact.referentEnc", c.id),
        open(c.phoneEnc, "PlanNetworkContact.phoneEnc", c.id),
      ]),
    ).toEqual([["CPS Bollate", "dott.ssa Verdi", "02 1234567"]]);
    const other = await deps.db.plan.findFirstOrThrow({
      where: { personId: world.people[3]?.id },
      include: { network: true },
    });
    expect([other.version, other.crisisNotesEnc, other.network.length]).toEqual([1, null, 1]);
    expect(await deps.db.auditEntry.count({ where: { action: "plan.import" } })).toBe(2);
    expect(await deps.db.auditEntry.count({ where: { action: "import", subjectId: "plans" } })).toBe(1);
  });

  it("reports every problem by line and column and writes nothing", async () => {
    const result = await plansImporter.run(
      deps,
      [
        HEADER,
        "BOL-0001,objective,,Primo,,,,,,,",
        "BOL-0001,objective,,Secondo,,,,,,,",
        "BOL-0001,goal,moon,Andare sulla luna,,,,,,,",
        "BOL-0001,goal,work,,,,,,,,",
        "BOL-0001,contact,,,,,,,SerD,,",
        "BOL-0001,review,,,,31/02/2027,,,,,",
        "BOL-0001,risk_signs,,Agitazione,,,,,,,",
        "BOL-9999,objective,,Chi?,,,,,,,",
        "rossi,objective,,x,,,,,,,",
        "BOL-0002,contact,,Testo,,,,,CPS,,",
      ].join("\n"),
    );
    expect(result.imported).toBe(0);
    expect(result.errors).toEqual([
      {
        line: 2,
        column: "record",
        reason: expect.stringContaining(
          "need risk_signs, what_to_do and whom_to_call together (missing: what_to_do, whom_to_call)",
        ),
      },
      { line: 3, column: "record", reason: "BOL-0001 already has a objective row on line 2" },
      { line: 4, column: "area", reason: expect.stringContaining('"moon" is not one of') },
      { line: 5, column: "text", reason: "is required for goal rows" },
      { line: 7, column: "date", reason: "must be a date YYYY-MM-DD or dd/mm/yyyy" },
      { line: 9, column: "person_code", reason: "no person has the code BOL-9999" },
      { line: 10, column: "person_code", reason: "must be a person code such as BOL-0042" },
      { line: 11, column: "text", reason: "is not used by contact rows: leave it empty" },
    ]);
    expect(await deps.db.plan.count()).toBe(0);
  });
});
