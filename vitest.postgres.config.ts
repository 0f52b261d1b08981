// `npm run test:postgres`: the same suite on PostgreSQL (TEST_POSTGRES_URL: a server where the run may create and
// drop databases), plus PostgreSQL's own tests (tests/postgres). Left out: the tests of SQLite's own files, locking,
// backup, migration history and erased bytes. The benchmarks' raw baselines are tested on the engine under test.
import { defineConfig } from "vitest/config";
import base from "./vitest.config.ts";

if (!process.env.TEST_POSTGRES_URL)
  throw new Error("TEST_POSTGRES_URL is not set: e.g. TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres");

const SQLITE_ONLY = [
  "tests/db/sqlite-busy.test.ts",
  "tests/db/file-modes.test.ts",
  "tests/db/sqlite-cache.test.ts",
  "tests/db/migrations.test.ts",
  "tests/services/backup.test.ts",
  "tests/cli/backup.test.ts",
  // Scans SQLite's file and WAL byte by byte for erased values (PostgreSQL's side: docs/postgresql.md, Backups).
  "tests/e2e/erasure-residue.test.ts",
  "tests/chaos/erasure-residue.test.ts",
];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    exclude: [...SQLITE_ONLY, ...(process.env.PONTE_CHAOS ? [] : ["tests/chaos/**"])],
  },
});
