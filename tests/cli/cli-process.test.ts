// The real `npm run cli` entry point as a child process: configuration from the environment, migrations, exit codes.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { staffImporter } from "../../src/cli/importers/staff.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { searchPeople } from "../../src/services/people.ts";
import {
  createTestClock,
  createTestDatabase,
  createTestDeps,
  TEST_KEY,
  type TestDatabase,
} from "../helpers/database.ts";
import { nodeScriptArgs } from "../helpers/process.ts";
import { example, seedSites } from "./helpers.ts";

const run = promisify(execFile);

let database: TestDatabase;
let deps: ServiceDeps;

beforeEach(async () => {
  database = await createTestDatabase();
  deps = createTestDeps(database.db, createTestClock());
  await seedSites(deps);
  await staffImporter.run(deps, example("staff"));
});
afterEach(() => database.drop());

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: database.url, ENCRYPTION_KEY: TEST_KEY, LOG_LEVEL: "warn" };
  try {
    const { stdout, stderr } = await run(process.execPath, [...nodeScriptArgs("cli"), ...args], {
      env,
      timeout: 240_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm run cli", () => {
  it("imports the example people file, then refuses it a second time with row errors", async () => {
    const first = await cli("import", "people", "docs/examples/people.csv");
    expect(first.stdout).toBe("Imported 5 rows of people from docs/examples/people.csv.\n");
    expect(first.code).toBe(0);
    const bollate = await deps.db.site.findUniqueOrThrow({ where: { codePrefix: "BOL" } });
    expect((await searchPeople(deps, [bollate.id], "Modello")).map((p) => [p.code, p.shortName])).toEqual([
      ["BOL-0003", "Samir M."],
    ]);

    const second = await cli("import", "people", "docs/examples/people.csv");
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      "line 2, column code: BOL-0001 already exists\nline 3, column code: BOL-0002 already exists\n",
    );
    expect(second.stderr).toContain("Nothing was imported from docs/examples/people.csv: 2 errors.");
    expect(await deps.db.person.count()).toBe(5);
  });

  it("exits with 2 on a usage error and with 1 on a bad configuration, without a stack trace", async () => {
    const usage = await cli("import");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain(
      "Usage error: import what? one of: staff, people, legal-statuses, referrals, internships, allowances, beds, activities, shifts",
    );

    const { code, stderr } = await run(process.execPath, [...nodeScriptArgs("cli"), "staff", "list"], {
      env: { ...process.env, DATABASE_URL: "ponte.db" },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(code).toBe(1);
    expect(stderr).toContain(
      'Configuration error — DATABASE_URL: must look like "file:./data/ponte.db" or "postgres://user@host:5432/ponte"\n',
    );
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
