import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { staffImporter } from "../../src/cli/importers/staff.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { deactivateStaff, findStaffByTelegramId } from "../../src/services/staff.ts";
import { createTestClock, createTestDatabase, createTestDeps, type TestDatabase } from "../helpers/database.ts";
import { example, seedSites } from "./helpers.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let sites: Awaited<ReturnType<typeof seedSites>>;

beforeEach(async () => {
  database = await createTestDatabase();
  deps = createTestDeps(database.db, createTestClock());
  sites = await seedSites(deps);
});
afterEach(() => database.drop());

const HEADER = "telegram_id,display_name,phone,locale,role,site";

describe("import staff", () => {
  it("creates staff with one membership per row, and a second run adds nothing", async () => {
    expect(await staffImporter.run(deps, example("staff"))).toEqual({ imported: 7, errors: [] });

    const carla = await findStaffByTelegramId(deps, 2001);
    expect(carla?.displayName).toBe("Carla Coordinatrice");
    expect(carla?.actor.memberships.map((m) => [m.role, m.siteId]).sort()).toEqual([
      ["coordinator", sites.bollate.id],
      ["coordinator", sites.opera.id],
    ]);
    const admin = await findStaffByTelegramId(deps, 1001);
    expect(admin?.actor.memberships).toEqual([{ role: "admin", siteId: null, programmeId: null }]);
    const olga = await deps.db.staff.findUniqueOrThrow({ where: { telegramId: 3002n } });
    expect([olga.locale, olga.phone]).toEqual(["en", "+39 333 777 8888"]);

    const membershipsBefore = await deps.db.membership.count();
    expect((await staffImporter.run(deps, example("staff"))).errors).toEqual([]);
    expect(await deps.db.membership.count()).toBe(membershipsBefore);
    expect(await deps.db.staff.count()).toBe(5);
  });

  it("adds memberships to existing staff and updates their details", async () => {
    await staffImporter.run(deps, `${HEADER}\n3001,Omar Operatore,,it,operator,BOL\n`);
    await staffImporter.run(deps, `${HEADER}\n3001,Omar Rossi,+39 333 0,en,on_call,OPE\n`);
    const omar = await findStaffByTelegramId(deps, 3001);
    expect(omar?.displayName).toBe("Omar Rossi");
    expect(omar?.locale).toBe("en");
    expect(omar?.actor.memberships.map((m) => m.role).sort()).toEqual(["on_call", "operator"]);
  });

  it("reports every inconsistent row and writes nothing", async () => {
    await staffImporter.run(deps, `${HEADER}\n3009,Ex Operatore,,,operator,BOL\n`);
    const leaver = await findStaffByTelegramId(deps, 3009);
    await deactivateStaff(deps, null, leaver?.id ?? 0);
    const staffBefore = await deps.db.staff.count();

    const result = await staffImporter.run(
      deps,
      [
        HEADER,
        "1001,Anna,,,admin,BOL",
        "2001,Carla,,,coordinator,",
        "2002,Carlo,,,coordinator,MIL",
        "3001,Omar,,it,operator,BOL",
        "3001,Omar B.,,fr,operator,BOL",
        "3001,Omar,,,operator,bol",
        "3009,Ex Operatore,,,operator,BOL",
        "12ab,Nessuno,,,boss,BOL",
      ].join("\n"),
    );
    expect(result.imported).toBe(0);
    expect(result.errors).toEqual([
      { line: 2, column: "site", reason: "must be empty for admin (admins work on every site)" },
      { line: 3, column: "site", reason: "is required for the role coordinator" },
      { line: 4, column: "site", reason: "no active site has the code prefix MIL" },
      { line: 6, column: "locale", reason: '"fr" is not one of: it, en' },
      { line: 7, column: "role", reason: "repeats line 5" },
      { line: 8, column: "telegram_id", reason: "Ex Operatore was deactivated: an import does not give access back" },
      { line: 9, column: "telegram_id", reason: "must be a Telegram user id (digits only)" },
      { line: 9, column: "role", reason: '"boss" is not one of: admin, coordinator, operator, on_call' },
    ]);
    expect(await deps.db.staff.count()).toBe(staffBefore);
    expect((await findStaffByTelegramId(deps, 3009))?.active).toBe(false);
  });

  it("refuses two rows of one person with different names", async () => {
    const result = await staffImporter.run(deps, `${HEADER}\n3001,Omar,,,operator,BOL\n3001,Omar B.,,,on_call,BOL\n`);
    expect(result.errors).toEqual([
      { line: 3, column: "display_name", reason: "differs from line 2 for the same telegram_id" },
    ]);
  });
});
