// Ponte's tables as the migrated PostgreSQL database has them: columns and their kinds, primary key, id sequence, in
// an order where every table comes after the tables it references (rows are copied in that order).
import type pg from "pg";
import { type ColumnKind, kindOf } from "./values.ts";

export interface Column {
  name: string;
  kind: ColumnKind;
  /** PostgreSQL's spelling of the type, for casts. */
  type: string;
}

export interface Table {
  name: string;
  columns: Column[];
  primaryKey: string[];
  /** The sequence that numbers the table's ids, if it has one. */
  idSequence: string | null;
}

/** Prisma's migration history: each side keeps its own. */
export const MIGRATION_HISTORY = "_prisma_migrations";

export const quoted = (name: string) => `"${name}"`;

/**
 * `ORDER BY` the primary key: text keys compare byte by byte in SQLite, as under PostgreSQL's "C" collation. Named with
 * their table, so that PostgreSQL orders by the stored column and not by a selected column of that name cast to text.
 */
export function orderByKey(table: Table, collate = ""): string {
  return table.primaryKey
    .map((name) => {
      const text = table.columns.find((column) => column.name === name)?.kind === "text";
      return `${quoted(table.name)}.${quoted(name)}${text ? collate : ""}`;
    })
    .join(", ");
}

const COLUMNS = `
  SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS "type",
         pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS "sequence"
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
   WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> '${MIGRATION_HISTORY}'
   ORDER BY c.relname, a.attnum`;

const PRIMARY_KEYS = `
  SELECT c.relname AS "table", a.attname AS "column"
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
   WHERE n.nspname = current_schema() AND i.indisprimary
   ORDER BY c.relname, k.position`;

const REFERENCES = `
  SELECT c.relname AS "table", r.relname AS "references"
    FROM pg_constraint f
    JOIN pg_class c ON c.oid = f.conrelid
    JOIN pg_class r ON r.oid = f.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE f.contype = 'f' AND n.nspname = current_schema()`;

export async function postgresTables(client: pg.ClientBase): Promise<Table[]> {
  const tables = new Map<string, Table>();
  const columns = await client.query<{ table: string; column: string; type: string; sequence: string | null }>(COLUMNS);
  for (const { table, column, type, sequence } of columns.rows) {
    let entry = tables.get(table);
    if (!entry) {
      entry = { name: table, columns: [], primaryKey: [], idSequence: null };
      tables.set(table, entry);
    }
    entry.columns.push({ name: column, kind: kindOf(type, `${table}.${column}`), type });
    if (column === "id" && sequence) entry.idSequence = sequence;
  }
  for (const { table, column } of (await client.query<{ table: string; column: string }>(PRIMARY_KEYS)).rows) {
    tables.get(table)?.primaryKey.push(column);
  }
  const keyless = [...tables.values()].filter((table) => table.primaryKey.length === 0).map((table) => table.name);
  // Rows are compared in primary-key order.
  if (keyless.length > 0) throw new Error(`these tables have no primary key: ${keyless.join(", ")}`);
  const references = (await client.query<{ table: string; references: string }>(REFERENCES)).rows;
  return inDependencyOrder([...tables.values()], references);
}

/** Referenced tables first (Kahn's algorithm; ties by name, so every run copies in the same order). */
function inDependencyOrder(tables: Table[], references: { table: string; references: string }[]): Table[] {
  const waitingFor = new Map(tables.map((table) => [table.name, new Set<string>()]));
  for (const { table, references: target } of references) if (table !== target) waitingFor.get(table)?.add(target);
  const ordered: Table[] = [];
  let remaining = [...tables].sort((a, b) => (a.name < b.name ? -1 : 1));
  while (remaining.length > 0) {
    const ready = remaining.filter((table) => waitingFor.get(table.name)?.size === 0);
    if (ready.length === 0) throw new Error(`these tables reference each other: ${remaining.map((t) => t.name)}`);
    for (const table of ready) for (const waiting of waitingFor.values()) waiting.delete(table.name);
    ordered.push(...ready);
    remaining = remaining.filter((table) => !ready.includes(table));
  }
  return ordered;
}
