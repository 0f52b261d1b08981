// One canonical text per stored value, whichever engine holds it: what the move sends to PostgreSQL and what both sides
// of the verification hash. Each engine prints some types its own way (booleans, instants, 64-bit integers).

/** A row as the JSON-able list of its values' canonical texts, in the table's column order. */
export type CanonicalRow = (string | null)[];

/** The kinds of column Ponte's schema has, named after PostgreSQL's types of them. */
export type ColumnKind = "int" | "bigint" | "float" | "bool" | "instant" | "text";

const KINDS: Record<string, ColumnKind> = {
  integer: "int",
  bigint: "bigint",
  "double precision": "float",
  boolean: "bool",
  "timestamp(3) without time zone": "instant",
  text: "text",
};

/** The kind of a PostgreSQL column type (format_type's spelling); a type the schema does not use stops the move. */
export function kindOf(type: string, column: string): ColumnKind {
  const kind = KINDS[type];
  if (!kind) throw new Error(`${column} has the type ${type}, which the move to PostgreSQL does not know`);
  return kind;
}

/** An instant without a zone (SQLite's CURRENT_TIMESTAMP, PostgreSQL's timestamp) is UTC, as Prisma reads it. */
const ZONELESS = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

function instantText(value: string | number, where: string): string {
  const instant = new Date(typeof value === "string" && ZONELESS.test(value) ? `${value.replace(" ", "T")}Z` : value);
  if (Number.isNaN(instant.getTime())) throw new Error(`${where} holds "${value}", which is not an instant`);
  return instant.toISOString();
}

/** A value as better-sqlite3 returns it with safe integers (Prisma stores booleans as 0/1, instants as text or ms). */
export function fromSqlite(kind: ColumnKind, value: unknown, where: string): string | null {
  if (value === null) return null;
  const wrong = () => new Error(`${where} holds ${typeof value} ${String(value)}, not a value of kind ${kind}`);
  switch (kind) {
    case "int":
    case "bigint":
      if (typeof value !== "bigint") throw wrong();
      return value.toString();
    case "float":
      if (typeof value !== "number" && typeof value !== "bigint") throw wrong();
      return String(Number(value));
    case "bool":
      if (value !== 0n && value !== 1n) throw wrong();
      return value === 1n ? "true" : "false";
    case "instant":
      if (typeof value !== "string" && typeof value !== "bigint") throw wrong();
      return instantText(typeof value === "bigint" ? Number(value) : value, where);
    case "text":
      if (typeof value !== "string") throw wrong();
      return value;
  }
}

/** A value as PostgreSQL casts it to text (`column::text`): booleans as true/false, timestamps without a zone. */
export function fromPostgres(kind: ColumnKind, value: string | null, where: string): string | null {
  if (value === null) return null;
  switch (kind) {
    case "float":
      return String(Number(value));
    case "bool":
      if (value !== "true" && value !== "false") throw new Error(`${where} holds "${value}", not a boolean`);
      return value;
    case "instant":
      return instantText(value, where);
    default:
      return value;
  }
}
