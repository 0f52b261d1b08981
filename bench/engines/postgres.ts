// The bench on PostgreSQL (`--db postgres://…`, a server): a database of its own on that server, filled with the same
// generated dataset (copied from the SQLite file by engines/copy-main.ts) and dropped at the end; the raw side of
// each ratio is pg on the same server.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { closeDatabase, openDatabase } from "../../src/db/client.ts";
import { poolOf } from "../../src/db/postgres/pool.ts";
import { loaderFor, moduleBeside } from "../../src/services/child-task.ts";
import { benchDeps, type BenchDataset, generatedDataset } from "../dataset.ts";
import type { Scale } from "../generate.ts";
import { compareWithRawPostgres } from "../raw-digest-postgres.ts";
import { rawFunnelPostgres, rawSheetPostgres } from "../raw-quarterly-postgres.ts";
import { postgresRawWrites } from "../write-path-postgres.ts";

const COPIER = moduleBeside(import.meta.url, "copy-main");

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function preparePostgresDataset(
  serverUrl: string,
  scale: Scale,
  now: Date,
  { reuse = false } = {},
): Promise<BenchDataset> {
  const generated = await generatedDataset(scale, reuse);
  // Named after this process, so that two runs on one server never meet.
  const name = `ponte_bench_${scale.name}_${process.pid}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = () => onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await onServer(serverUrl, `CREATE DATABASE "${name}"`);
  try {
    execFileSync(process.execPath, [...loaderFor(COPIER), fileURLToPath(COPIER), generated.file, url.toString()], {
      stdio: ["ignore", "inherit", "inherit"],
    });
  } catch (error) {
    await drop();
    throw error;
  }
  const db = await openDatabase(url.toString());
  const pool = poolOf(db);
  return {
    url: url.toString(),
    summary: generated.summary,
    deps: benchDeps(db, now),
    raw: {
      digests: compareWithRawPostgres,
      sheet: (programmeId, sites, spans) => rawSheetPostgres(pool, programmeId, sites, spans),
      funnel: (siteIds, range) => rawFunnelPostgres(pool, siteIds, range),
      writes: postgresRawWrites(url.toString()),
    },
    async close() {
      await closeDatabase(db);
      await drop();
    },
  };
}
