// Ids reserved before an insert, so that values sealed for a new row can be bound to its id.
import { engineOf } from "./engine.ts";
import type { RawRunner } from "./sql.ts";

/** Reserves `count` consecutive ids of the table (inside the caller's transaction) and returns the first. */
export function reserveIds(tx: RawRunner, table: string, count = 1): Promise<number> {
  return engineOf(tx).reserveIds(tx, table, count);
}

/** After rows were written with ids of their own (inside the caller's transaction): new rows are numbered after them. */
export function followWrittenIds(tx: RawRunner): Promise<void> {
  return engineOf(tx).followWrittenIds(tx);
}
