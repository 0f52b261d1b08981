// Prepares a migrated database filled by the generator, and services on top of it, for the benchmarks.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
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

export async function prepareDataset(scale: Scale, now: Date): Promise<BenchDataset> {
  mkdirSync(".tmp", { recursive: true });
  const file = `.tmp/bench-${scale.name}.db`;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  const url = `file:${file}`;
  await applyMigrations(url);
  const cipher = createCipher(BENCH_KEY);
  const summary = JSON.parse(
    execFileSync(
      process.execPath,
      [...loaderFor(GENERATOR), fileURLToPath(GENERATOR), file, scale.name, BENCH_KEY, BENCH_TODAY],
      {
        encoding: "utf8",
        maxBuffer: 1 << 20,
      },
    ),
  ) as DatasetSummary;
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
