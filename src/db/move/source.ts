// The SQLite database being moved: opened read-only, checked against the target's tables, read one row at a time in
// the canonical text of src/db/move/values.ts.
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { databaseFilePath } from "../url.ts";
import { MIGRATION_HISTORY, orderByKey, quoted, type Table } from "./tables.ts";
import { type CanonicalRow, fromSqlite } from "./values.ts";

export function openSource(databaseUrl: string): Database.Database {
  const file = databaseFilePath(databaseUrl);
  if (!existsSync(file)) throw new Error(`there is no SQLite database at ${file}`);
  return new Database(file, { readonly: true, fileMustExist: true });
}

/** Stops the move when the two databases do not have the same tables and columns (different versions of Ponte). */
export function checkSameTables(sqlite: Database.Database, tables: readonly Table[]): void {
  const names = sqlite
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> ?`,
    )
    .pluck()
    .all(MIGRATION_HISTORY) as string[];
  const differences = [
    ...names
      .filter((name) => !tables.some((table) => table.name === name))
      .map((name) => `table ${name} only in SQLite`),
    ...tables.filter((table) => !names.includes(table.name)).map((table) => `table ${table.name} only in PostgreSQL`),
  ];
  for (const table of tables.filter((candidate) => names.includes(candidate.name))) {
    const columns = sqlite.prepare("SELECT name FROM pragma_table_info(?)").pluck().all(table.name) as string[];
    const expected = table.columns.map((column) => column.name);
    for (const column of columns.filter((name) => !expected.includes(name)))
      differences.push(`column ${table.name}.${column} only in SQLite`);
    for (const column of expected.filter((name) => !columns.includes(name)))
      differences.push(`column ${table.name}.${column} only in PostgreSQL`);
  }
  if (differences.length > 0)
    throw new Error(`the two databases have different schemas (${differences.join("; ")}): use one version of Ponte`);
}

/** The table's rows in primary-key order, one at a time. */
export function* sourceRows(sqlite: Database.Database, table: Table): Generator<CanonicalRow> {
  const select = sqlite
    .prepare(
      `SELECT ${table.columns.map((c) => quoted(c.name)).join(", ")} FROM ${quoted(table.name)} ORDER BY ${orderByKey(table)}`,
    )
    .raw(true)
    .safeIntegers(true);
  const places = table.columns.map((column) => `${table.name}.${column.name}`);
  for (const values of select.iterate() as IterableIterator<unknown[]>) {
    yield table.columns.map((column, index) => fromSqlite(column.kind, values[index], places[index] as string));
  }
}

/** The highest id each table's counter has handed out (AUTOINCREMENT: deleted rows' ids are not used again). */
export function idCounters(sqlite: Database.Database): Map<string, number> {
  const rows = sqlite.prepare("SELECT name, seq FROM sqlite_sequence").all() as { name: string; seq: number }[];
  return new Map(rows.map((row) => [row.name, Number(row.seq)]));
}
