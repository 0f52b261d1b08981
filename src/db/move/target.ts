// The PostgreSQL database a SQLite database moves into: who else holds data there, rows written in batches, id
// sequences, and rows read back (through a cursor) in the canonical text of src/db/move/values.ts.
import pg from "pg";
import { numberedPlaceholders } from "../sql.ts";
import { MIGRATION_HISTORY, orderByKey, quoted, type Table } from "./tables.ts";
import { type CanonicalRow, fromPostgres } from "./values.ts";

/** Filled by a migration (the tables whose sealed values the next start binds): the copy brings SQLite's own. */
export const MIGRATION_SEEDED = "UnboundSealedTable";

export async function connectTarget(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // A connection the server ends mid-move fails the query under way; unheard, pg would crash the process with it.
  client.on("error", () => undefined);
  await client.connect();
  // The text forms eachTargetRow reads, whatever the server's defaults: ISO instants, doubles printed exactly.
  await client.query("SET datestyle = 'ISO, YMD'; SET extra_float_digits = 1");
  return client;
}

/** The tables of the current schema that hold rows (besides migration bookkeeping): a target must have none. */
export async function tablesWithRows(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ table: string }>(
    `SELECT c.relname AS "table" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname NOT IN ($1, $2) ORDER BY c.relname`,
    [MIGRATION_HISTORY, MIGRATION_SEEDED],
  );
  const holding: string[] = [];
  for (const { table } of rows) {
    const found = await client.query(`SELECT 1 FROM ${quoted(table)} LIMIT 1`);
    if (found.rowCount) holding.push(table);
  }
  return holding;
}

/** One INSERT for a batch: each column travels as one array parameter, in the canonical text PostgreSQL parses. */
export async function insertRows(client: pg.ClientBase, table: Table, rows: readonly CanonicalRow[]): Promise<void> {
  const arrays = table.columns.map((_, index) => rows.map((row) => row[index] ?? null));
  const columns = table.columns.map((column) => quoted(column.name)).join(", ");
  const unnest = table.columns.map((column) => `?::${column.type}[]`).join(", ");
  await client.query(
    numberedPlaceholders(`INSERT INTO ${quoted(table.name)} (${columns}) SELECT * FROM unnest(${unnest})`),
    arrays,
  );
}

/** The table's id sequence continues after `highest` (the highest id SQLite used, kept or deleted). */
export async function continueIdsAfter(client: pg.ClientBase, table: Table, highest: number): Promise<void> {
  if (!table.idSequence) return;
  const { rows } = await client.query<{ max: string | null }>(
    `SELECT MAX("id")::text AS "max" FROM ${quoted(table.name)}`,
  );
  const next = Math.max(highest, Number(rows[0]?.max ?? 0)) + 1;
  await client.query("SELECT setval($1::regclass, $2, false)", [table.idSequence, next]);
}

const FETCH_ROWS = 5000;

/** The table's rows in primary-key order, a batch at a time; inside a transaction (a cursor lives in one). */
export async function eachTargetRow(
  client: pg.ClientBase,
  table: Table,
  onRow: (row: CanonicalRow) => void,
): Promise<void> {
  const columns = table.columns.map((column) =>
    column.kind === "text" ? quoted(column.name) : `${quoted(column.name)}::text`,
  );
  await client.query(
    `DECLARE "move_rows" NO SCROLL CURSOR FOR SELECT ${columns.join(", ")} FROM ${quoted(table.name)}
      ORDER BY ${orderByKey(table, ' COLLATE "C"')}`,
  );
  const places = table.columns.map((column) => `${table.name}.${column.name}`);
  for (;;) {
    const { rows } = await client.query<(string | null)[]>({
      text: `FETCH ${FETCH_ROWS} FROM "move_rows"`,
      rowMode: "array",
    });
    for (const values of rows) {
      onRow(
        table.columns.map((column, index) => fromPostgres(column.kind, values[index] ?? null, places[index] as string)),
      );
    }
    if (rows.length < FETCH_ROWS) break;
  }
  await client.query(`CLOSE "move_rows"`);
}
