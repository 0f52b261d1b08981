// Row locks for transactions that read, then write what hangs off one row (a person's plan versions).
import { engineOf } from "./engine.ts";
import type { RawRunner } from "./sql.ts";

/** Concurrent transactions calling this for the same row take turns from here until they end. */
export function lockRow(tx: RawRunner, table: "Person", id: number): Promise<void> {
  return engineOf(tx).lockRow(tx, table, id);
}
