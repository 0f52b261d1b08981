// Migrates one template database per test run; each test copies it instead of migrating again.
import { mkdirSync, rmSync } from "node:fs";
import { applyMigrations } from "../../src/db/client.ts";

export const TEMPLATE_DB = ".tmp/template.db";

export default async function setup(): Promise<void> {
  mkdirSync(".tmp", { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${TEMPLATE_DB}${suffix}`, { force: true });
  await applyMigrations(`file:${TEMPLATE_DB}`);
}
