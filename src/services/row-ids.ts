// Ids reserved before an insert, so that values sealed for a new row can be bound to its id (sealed-columns.ts).
import { reserveIds as reserveTableIds } from "../db/row-ids.ts";
import type { RawRunner } from "../db/sql.ts";
import type { NumberedSealedTable } from "./sealed-columns.ts";

/** Reserves `count` consecutive ids of a sealed table and returns the first; an id reserved but not used is a gap. */
export function reserveIds(db: RawRunner, table: NumberedSealedTable, count = 1): Promise<number> {
  return reserveTableIds(db, table, count);
}
