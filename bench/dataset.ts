// Prepares a migrated database filled by the generator, and services on top of it, for the benchmarks.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { applyMigrations, openDatabase } from "../src/db/client.ts";
import { createCipher } from "../src/services/crypto.ts";
import type { ServiceDeps } from "../src/services/deps.ts";
import { loaderFor, moduleBeside } from "../src/services/child-task.ts";
import type { DatasetSummary, Scale } from "./generate.ts";

export const BENCH_KEY = Buffer.alloc(32, 11).toString("base64");
/** The dataset's last day; benchmarks run "the day after", on a clock of their own. */
export const BENCH_TODAY = "2026-11-16";

const GENERATOR = moduleBeside(import.meta.url, "generate-main");

export interface BenchDataset {
  file: string;
  url: string;
  summary: DatasetSummary;
  deps: ServiceDeps;
  close(): Promise<void>;
}

/**
 * A freshly generated database, or with `reuse` a copy of the one the last run generated (kept beside it untouched),
 * so a second run on the same data does not pay for generating it again.
 */
export async function prepareDataset(scale: Scale, now: Date, { reuse = false } = {}): Promise<BenchDataset> {
  mkdirSync(".tmp", { recursive: true });
  const file = `.tmp/bench-${scale.name}.db`;
  const fresh = { file: `.tmp/bench-${scale.name}.fresh.db`, summary: `.tmp/bench-${scale.name}.fresh.json` };
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  const url = `file:${file}`;
  const cipher = createCipher(BENCH_KEY);
  let summary: DatasetSummary;
  if (reuse && existsSync(fresh.file) && existsSync(fresh.summary)) {
    copyFileSync(fresh.file, file);
    summary = JSON.parse(readFileSync(fresh.summary, "utf8")) as DatasetSummary;
  } else {
    await applyMigrations(url);
    summary = JSON.parse(
      execFileSync(
        process.execPath,
        [...loaderFor(GENERATOR), fileURLToPath(GENERATOR), file, scale.name, BENCH_KEY, BENCH_TODAY],
        { encoding: "utf8", maxBuffer: 1 << 20 },
      ),
    ) as DatasetSummary;
    copyFileSync(file, fresh.file);
    writeFileSync(fresh.summary, JSON.stringify(summary));
  }
  const db = await openDatabase(url);
  const deps: ServiceDeps = {
    db,
    cipher,
    clock: () => now,
    timeZone: "Europe/Rome",
    logger: pino({ level: "silent" }),
    bootstrapAdminIds: [],
  };
  return {
    file,
    url,
    summary,
    deps,
    async close() {
      await db.$disconnect();
    },
  };
}
