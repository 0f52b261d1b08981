// `migrate-to-postgres`: copies a SQLite database into an empty PostgreSQL database, table by table in dependency
// order, streamed in batches, in one transaction: a move that fails or is stopped leaves the target empty (migrated),
// and running it again starts over. Values are copied as stored: sealed ones stay sealed, ids stay as they are.
import { existsSync } from "node:fs";
import type Database from "better-sqlite3";
import type pg from "pg";
import { applyMigrations } from "../client.ts";
import { databaseFilePath } from "../url.ts";
import { checkSameTables, idCounters, openSource, sourceRows } from "./source.ts";
import { postgresTables, quoted, type Table } from "./tables.ts";
import { connectTarget, continueIdsAfter, insertRows, MIGRATION_SEEDED, tablesWithRows } from "./target.ts";
import type { CanonicalRow } from "./values.ts";

/** Two moves into one database take turns; the second then finds the first one's rows and stops. */
const MOVE_LOCK = 7_368_003;
/** A batch is sent at whichever comes first: so many rows, or so many characters (sealed texts can be long). */
const BATCH_ROWS = 5000;
const BATCH_CHARS = 16 * 1024 * 1024;

/** The target already holds data: nothing was copied. */
export class TargetNotEmptyError extends Error {
  constructor(readonly tables: readonly string[]) {
    super(`the PostgreSQL database already holds data (in ${tables.join(", ")})`);
  }
}

export interface CopiedTable {
  table: string;
  rows: number;
}

/**
 * Brings both databases to this version's schema (the source as any admin command would, the target from nothing),
 * then copies. `onTable` hears of each table once its rows are in, before the commit.
 */
export async function copySqliteToPostgres(
  sourceUrl: string,
  targetUrl: string,
  onTable: (copied: CopiedTable) => void,
): Promise<CopiedTable[]> {
  const file = databaseFilePath(sourceUrl);
  // Checked first: migrating a missing SQLite file would create an empty one.
  if (!existsSync(file)) throw new Error(`there is no SQLite database at ${file}`);
  const target = await connectTarget(targetUrl);
  try {
    await refuseData(target);
    await applyMigrations(sourceUrl);
    await applyMigrations(targetUrl);
    const sqlite = openSource(sourceUrl);
    let copied: CopiedTable[];
    await target.query("BEGIN");
    try {
      await target.query("SELECT pg_advisory_xact_lock($1)", [MOVE_LOCK]);
      await refuseData(target);
      const tables = await postgresTables(target);
      checkSameTables(sqlite, tables);
      // One snapshot of the source for every table.
      sqlite.prepare("BEGIN").run();
      await target.query(`DELETE FROM ${quoted(MIGRATION_SEEDED)}`);
      const counters = idCounters(sqlite);
      copied = [];
      for (const table of tables) {
        const rows = await copyTable(sqlite, target, table);
        await continueIdsAfter(target, table, counters.get(table.name) ?? 0);
        copied.push({ table: table.name, rows });
        onTable({ table: table.name, rows });
      }
      await target.query("COMMIT");
    } catch (error) {
      await target.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      sqlite.close();
    }
    // Fresh planner statistics: the tables went from empty to full.
    await target.query("ANALYZE");
    return copied;
  } finally {
    await target.end();
  }
}

async function refuseData(target: pg.ClientBase): Promise<void> {
  const holding = await tablesWithRows(target);
  if (holding.length > 0) throw new TargetNotEmptyError(holding);
}

/** Streams the table's rows in batches; returns how many were copied. */
async function copyTable(sqlite: Database.Database, target: pg.ClientBase, table: Table): Promise<number> {
  let batch: CanonicalRow[] = [];
  let chars = 0;
  let rows = 0;
  const flush = async () => {
    if (batch.length > 0) await insertRows(target, table, batch);
    rows += batch.length;
    batch = [];
    chars = 0;
  };
  for (const row of sourceRows(sqlite, table)) {
    batch.push(row);
    for (const value of row) chars += value?.length ?? 0;
    if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) await flush();
  }
  await flush();
  return rows;
}
