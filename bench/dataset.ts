// Prepares a migrated database filled by the generator, and services on top of it, for the benchmarks; with the
// raw driver's side of each ratio for the engine under test (SQLite here, PostgreSQL in engines/postgres.ts).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { applyMigrations, type Db, openDatabase } from "../src/db/client.ts";
import { readerFor } from "../src/db/sqlite/connections.ts";
import type { WeekKey } from "../src/domain/weeks.ts";
import { createCipher } from "../src/services/crypto.ts";
import type { ServiceDeps } from "../src/services/deps.ts";
import { loaderFor, moduleBeside } from "../src/services/child-task.ts";
import type { DatasetSummary, Scale } from "./generate.ts";
import type { RawReports } from "./quarterly.ts";
import { compareWithRaw } from "./raw-digest.ts";
import { rawFunnel, rawSheet } from "./raw-quarterly.ts";
import { type RawWrites, sqliteRawWrites } from "./write-path.ts";

export const BENCH_KEY = Buffer.alloc(32, 11).toString("base64");
/** The dataset's last day; benchmarks run "the day after", on a clock of their own. */
export const BENCH_TODAY = "2026-11-16";

const GENERATOR = moduleBeside(import.meta.url, "generate-main");

/** The raw driver's side of each ratio, on the same database. */
export interface RawBaselines extends RawReports {
  /** Ponte's digest counts against the raw SQL's, with the raw side's time. */
  digests(
    deps: ServiceDeps,
    programmeId: number,
    weekKey: WeekKey,
  ): Promise<{ rawMs: number; ponteMs: number; mismatches: string[] }>;
  writes: RawWrites;
}

export interface BenchDataset {
  url: string;
  summary: DatasetSummary;
  deps: ServiceDeps;
  raw: RawBaselines;
  close(): Promise<void>;
}

/**
 * The generated dataset as a SQLite file that runs copy and never change: freshly generated, or with `reuse` the one
 * the last run generated, so a second run on the same data does not pay for generating it again.
 */
export async function generatedDataset(
  scale: Scale,
  reuse: boolean,
): Promise<{ file: string; summary: DatasetSummary }> {
  mkdirSync(".tmp", { recursive: true });
  const file = `.tmp/bench-${scale.name}.fresh.db`;
  const summaryFile = `.tmp/bench-${scale.name}.fresh.json`;
  if (reuse && existsSync(file) && existsSync(summaryFile)) {
    return { file, summary: JSON.parse(readFileSync(summaryFile, "utf8")) as DatasetSummary };
  }
  for (const stale of [file, `${file}-wal`, `${file}-shm`, summaryFile]) rmSync(stale, { force: true });
  await applyMigrations(`file:${file}`);
  const summary = JSON.parse(
    execFileSync(
      process.execPath,
      [...loaderFor(GENERATOR), fileURLToPath(GENERATOR), file, scale.name, BENCH_KEY, BENCH_TODAY],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    ),
  ) as DatasetSummary;
  writeFileSync(summaryFile, JSON.stringify(summary));
  return { file, summary };
}

export function benchDeps(db: Db, now: Date): ServiceDeps {
  return {
    db,
    cipher: createCipher(BENCH_KEY),
    clock: () => now,
    timeZone: "Europe/Rome",
    logger: pino({ level: "silent" }),
    bootstrapAdminIds: [],
  };
}

export async function prepareDataset(scale: Scale, now: Date, { reuse = false } = {}): Promise<BenchDataset> {
  const generated = await generatedDataset(scale, reuse);
  const file = `.tmp/bench-${scale.name}.db`;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  copyFileSync(generated.file, file);
  const url = `file:${file}`;
  const db = await openDatabase(url);
  // The read-only connection Ponte's own report queries use.
  const reader = () => readerFor(db);
  return {
    url,
    summary: generated.summary,
    deps: benchDeps(db, now),
    raw: {
      digests: compareWithRaw,
      sheet: (programmeId, sites, spans) => rawSheet(reader(), programmeId, sites, spans),
      funnel: (siteIds, range) => rawFunnel(reader(), siteIds, range),
      writes: sqliteRawWrites(url),
    },
    async close() {
      await db.$disconnect();
    },
  };
}
