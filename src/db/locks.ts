// Row locks for transactions that read, then write what hangs off one row (a person's plan versions), and work that
// one instance of Ponte at a time does (the scheduled jobs, one chat's updates).
import { engineOf } from "./engine.ts";
import type { PrismaClient } from "./generated/client.ts";
import type { RawRunner } from "./sql.ts";

/** Concurrent transactions calling this for the same row take turns from here until they end. */
export function lockRow(tx: RawRunner, table: "Person", id: number): Promise<void> {
  return engineOf(tx).lockRow(tx, table, id);
}

/** Runs `work` unless another instance runs work of that name on this database now; then returns false at once. */
export function runAlone(db: PrismaClient, name: string, work: () => Promise<unknown>): Promise<boolean> {
  return engineOf(db).runAlone(db, name, work);
}

/**
 * Runs `work` if the runAlone work of that name is held by no live instance (finished, or died with its instance);
 * false without running it otherwise, and always on SQLite, whose one process cannot tell.
 */
export function runIfAbandoned(db: PrismaClient, name: string, work: () => Promise<unknown>): Promise<boolean> {
  return engineOf(db).runIfAbandoned(db, name, work);
}

/** Runs `work` once no other instance runs work of that name on this database, after the one under way ends or dies. */
export function runInTurn<T>(db: PrismaClient, name: string, work: () => Promise<T>): Promise<T> {
  return engineOf(db).runInTurn(db, name, work);
}
