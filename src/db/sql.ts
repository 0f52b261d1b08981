// What hand-written SQL above the engines sees: a session on one connection that takes `?` placeholders and JS
// values (Dates included), and returns plain rows. Each engine (src/db/sqlite, src/db/postgres) implements it.
import type { PrismaClient } from "./generated/client.ts";

export type SqlValue = string | number | bigint | boolean | Date | null;
export type Row = Record<string, unknown>;

export interface SqlSession {
  all(sql: string, ...params: SqlValue[]): Promise<Row[]>;
  /** Rows one at a time, without holding them all in memory (a region's attendance since a programme's start). */
  each(sql: string, params: readonly SqlValue[], onRow: (row: Row) => void): Promise<void>;
  /** Runs a statement; returns how many rows it changed. */
  run(sql: string, ...params: SqlValue[]): Promise<number>;
  /** Runs an INSERT of one row into a table whose key is "id" and returns that key. */
  insert(sql: string, ...params: SqlValue[]): Promise<number>;
  /** SQL for an aggregate joining a group's integer ids with commas (null when every value is null). */
  joinIds(expression: string): string;
}

/** An instant read back from either engine (text on SQLite, a timestamp on PostgreSQL). */
export function instantOf(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(value as string);
}

/** `?, ?, ?` for a list of values; `NULL` for none, so that `IN (…)` matches nothing. */
export function placeholders(values: readonly unknown[]): string {
  return values.map(() => "?").join(", ") || "NULL";
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the SQL of src/db has no `?` inside literals). */
export function numberedPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/**
 * Prisma's transactions on either engine: under a burst (hundreds of updates at once) a transaction waits its turn for
 * a connection rather than failing after Prisma's default 2 s.
 */
export const TRANSACTION_OPTIONS = { maxWait: 60_000 } as const;

/** A Prisma client or interactive transaction: enough to run hand-written SQL through it. */
export type RawRunner = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

export interface Engine {
  /** One read-only snapshot on the engine's own connection: every query of `work` sees the same moment. */
  read<T>(db: PrismaClient, work: (sql: SqlSession) => Promise<T>): Promise<T>;
  /** One write transaction on the engine's own connection (outside Prisma). */
  write<T>(db: PrismaClient, work: (sql: SqlSession) => Promise<T>): Promise<T>;
  /** Hand-written SQL through Prisma: on the client, or inside one of its transactions. */
  through(prisma: RawRunner): SqlSession;
  /**
   * Inside a Prisma transaction: makes the transactions that change what hangs off one row take turns, until this one
   * ends (PostgreSQL locks the row; SQLite runs one write transaction at a time anyway).
   */
  lockRow(tx: RawRunner, table: string, id: number): Promise<void>;
  /** Inside a Prisma transaction: `count` consecutive ids of the table, never handed out again; returns the first. */
  reserveIds(tx: RawRunner, table: string, count: number): Promise<number>;
  /** After rows were written with ids of their own (the demo seed): the ids generated next come after them. */
  followWrittenIds(tx: RawRunner): Promise<void>;
  /**
   * Runs `work` unless another instance of Ponte is running work of the same name on this database; then returns
   * false at once, without running it.
   */
  runAlone(db: PrismaClient, name: string, work: () => Promise<unknown>): Promise<boolean>;
  /**
   * Runs `work` and returns true when no live instance holds work of that name (runAlone's): whoever claimed it has
   * finished or died with its instance. Where that cannot be told (SQLite: the one process), returns false at once.
   */
  runIfAbandoned(db: PrismaClient, name: string, work: () => Promise<unknown>): Promise<boolean>;
  /**
   * Runs `work` once no other instance of Ponte runs work of the same name on this database, waiting for it to end
   * (or to die with its instance). Callers keep one such work per name at a time within an instance.
   */
  runInTurn<T>(db: PrismaClient, name: string, work: () => Promise<T>): Promise<T>;
  /** Leaves no copy of overwritten or deleted values in the database's free space or logs (erasure). */
  reclaimFreedSpace(db: PrismaClient): Promise<void>;
  close(db: PrismaClient): Promise<void>;
}
