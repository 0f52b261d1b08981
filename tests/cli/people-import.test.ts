import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { peopleImporter } from "../../src/cli/importers/people.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { searchPeople } from "../../src/services/people.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { type World, seedTestWorld } from "../helpers/fixtures.ts";

const HEADER =
  "code,given_name,family_name,birth_year,gender,legal_status,fragilities,referring_service,intake_date,site,case_manager_telegram_id";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2026-11-18T10:00:00+01:00"));
});
afterEach(() => database.drop());

const csv = (...lines: string[]) => `${[HEADER, ...lines].join("\n")}\n`;

describe("import people", () => {
  it("imports every row with encrypted, searchable names and codes generated after the highest one", async () => {
    const result = await peopleImporter.run(
      deps,
      csv(
        ",Salvatore,Esposito,1985,male,detained,psychiatric;addiction,Area educativa,2026-03-02,BOL,3001",
        "BOL-0100,Fatima,Zahra,1999,female,probation_social_services,,UEPE Milano,15/04/2026,bol,",
        ",Pietro,Colombo,,,probation_map,,,2026-05-20,OPE,",
      ),
    );
    expect(result).toEqual({ imported: 3, errors: [] });

    const salvatore = await deps.db.person.findUniqueOrThrow({
      where: { code: "BOL-0101" },
      include: { fragilities: true, sites: true },
    });
    expect(salvatore.givenNameEnc).not.toContain("Salvatore");
    expect(salvatore.familyNameEnc).not.toContain("Esposito");
    expect(deps.cipher.decrypt(salvatore.familyNameEnc, "Person.familyNameEnc", salvatore.id)).toBe("Esposito");
    expect(salvatore.fragilities.map((f) => f.flag).sort()).toEqual(["addiction", "psychiatric"]);
    expect(salvatore.caseManagerId).toBe(world.staff.operator.id);
    expect(salvatore.sites).toMatchObject([{ personId: salvatore.id, siteId: world.bollate.id, toOn: null }]);

    const fatima = await deps.db.person.findUniqueOrThrow({
      where: { code: "BOL-0100" },
      include: { legalStatuses: true },
    });
    expect(fatima.intakeOn).toBe("2026-04-15");
    // The status at intake is the first period of the person's legal position.
    expect(fatima.legalStatuses).toMatchObject([{ status: "probation_social_services", fromOn: "2026-04-15" }]);

    const found = await searchPeople(deps, [world.bollate.id, world.opera.id], "espo");
    expect(found.map((p) => [p.code, p.shortName])).toEqual([["BOL-0101", "Salvatore E."]]);
    expect((await searchPeople(deps, [world.opera.id], "colombo")).map((p) => p.code)).toEqual(["OPE-0002"]);

    const audit = await deps.db.auditEntry.findMany({ where: { action: "import" } });
    expect(audit.map((a) => JSON.parse(a.details ?? "{}"))).toEqual([{ kind: "people", rows: 3 }]);
    expect(await deps.db.auditEntry.count({ where: { action: "person.create", actorId: null } })).toBe(3);
  });

  it("reports every bad row with its line and column and imports nothing", async () => {
    const before = await deps.db.person.count();
    const result = await peopleImporter.run(
      deps,
      csv(
        ",Anna,Verdi,1990,female,detained,,,2026-01-10,BOL,",
        ",Bruno,Neri,1890,male,detained,,,2026-01-10,BOL,",
        ",Carlo,Gialli,1980,male,jailed,,,2026-01-10,BOL,",
        ",Dario,Blu,1980,male,detained,addiction;gambling,,31/02/2026,XYZ,",
      ),
    );
    expect(result.imported).toBe(0);
    expect(result.errors).toEqual([
      { line: 3, column: "birth_year", reason: "must be a year between 1900 and 2026" },
      { line: 4, column: "legal_status", reason: expect.stringContaining('"jailed" is not one of: detained') },
      { line: 5, column: "fragilities", reason: expect.stringContaining('"gambling" is not one of') },
      { line: 5, column: "intake_date", reason: "must be a date YYYY-MM-DD or dd/mm/yyyy" },
    ]);
    expect(await deps.db.person.count()).toBe(before);
    expect(await deps.db.auditEntry.count({ where: { action: "import" } })).toBe(0);
  });

  it("refuses codes already in the database or repeated in the file", async () => {
    const result = await peopleImporter.run(
      deps,
      csv(
        "BOL-0001,Anna,Verdi,,,detained,,,2026-01-10,BOL,",
        "bol 0077,Bruno,Neri,,,detained,,,2026-01-10,BOL,",
        "BOL-0077,Carlo,Gialli,,,detained,,,2026-01-10,BOL,",
      ),
    );
    expect(result.errors).toEqual([
      { line: 2, column: "code", reason: "BOL-0001 already exists" },
      { line: 4, column: "code", reason: "BOL-0077 is also on line 3" },
    ]);
    expect(await deps.db.person.count({ where: { code: "BOL-0077" } })).toBe(0);
  });

  it("checks sites, case managers, required cells and future intake dates", async () => {
    const result = await peopleImporter.run(
      deps,
      csv(",,Verdi,,,detained,,,2027-01-10,OPE,3001", ",Bruno,Neri,,,detained,,,2026-01-10,MIL,424242"),
    );
    expect(result.errors).toEqual([
      { line: 2, column: "given_name", reason: "is required" },
      { line: 3, column: "site", reason: "no active site has the code prefix MIL" },
      { line: 3, column: "case_manager_telegram_id", reason: "no active staff member has Telegram id 424242" },
    ]);
    const second = await peopleImporter.run(deps, csv(",Anna,Verdi,,,detained,,,2027-01-10,OPE,3001"));
    expect(second.errors).toEqual([
      { line: 2, column: "intake_date", reason: "must not be in the future (today is 2026-11-18)" },
      {
        line: 2,
        column: "case_manager_telegram_id",
        reason: "Omar Operatore is not an operator or coordinator at OPE",
      },
    ]);
  });

  it("reads semicolon-separated files from Italian spreadsheets (BOM, CRLF, quoted cells) and reports header problems", async () => {
    const semicolons = [
      "\uFEFFgiven_name;family_name;legal_status;intake_date;site;fragilities;referring_service",
      'Anna;Verdi;detained;10/01/2026;BOL;"homeless;no_documents";"SerD\r\nMilano"',
      "",
      "Bruno;Neri;detained;10/01/2026;BOL;gambling;",
    ].join("\r\n");
    expect((await peopleImporter.run(deps, semicolons)).errors).toEqual([
      { line: 5, column: "fragilities", reason: expect.stringContaining('"gambling" is not one of') },
    ]);
    expect(await peopleImporter.run(deps, semicolons.replace("gambling", "addiction"))).toEqual({
      imported: 2,
      errors: [],
    });
    const anna = await deps.db.person.findFirstOrThrow({
      where: { referringService: { startsWith: "SerD" } },
      include: { fragilities: true },
    });
    expect(anna.fragilities.map((f) => f.flag).sort()).toEqual(["homeless", "no_documents"]);

    const badHeader = await peopleImporter.run(
      deps,
      "given_name,surname,legal_status,intake_date,site\nA,B,detained,2026-01-01,BOL\n",
    );
    expect(badHeader.errors).toEqual([
      { line: 1, column: "surname", reason: expect.stringContaining("unknown column") },
      { line: 1, column: "family_name", reason: "required column is missing" },
    ]);

    const unclosedQuote = await peopleImporter.run(
      deps,
      'given_name,family_name,legal_status,intake_date,site\nAnna,"Verdi,detained,2026-01-10,BOL\n',
    );
    expect(unclosedQuote.errors).toEqual([
      { line: 2, column: "", reason: expect.stringContaining("the file is not valid CSV (Quote Not Closed") },
    ]);
    expect(await peopleImporter.run(deps, "")).toEqual({
      imported: 0,
      errors: [{ line: 1, column: "", reason: "the file is empty" }],
    });
  });
});
