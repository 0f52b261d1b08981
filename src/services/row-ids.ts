// Ids reserved before an insert, so that values sealed for a new row can be bound to its id (sealed-columns.ts).
import type { Db } from "../db/client.ts";
import type { NumberedSealedTable } from "./sealed-columns.ts";

type RawWriter = Pick<Db, "$queryRawUnsafe" | "$executeRawUnsafe">;

/**
 * Reserves `count` consecutive ids of an AUTOINCREMENT table and returns the first. Each statement is atomic, so
 * two writers never get the same ids; rows inserted without an id are numbered after the reserved ones, and an id
 * reserved but not used is a gap, as after a rolled-back insert.
 */
export async function reserveIds(db: RawWriter, table: NumberedSealedTable, count = 1): Promise<number> {
  const advance = async () =>
    (
      await db.$queryRawUnsafe<{ seq: number | bigint }[]>(
        `UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT COALESCE(MAX("id"), 0) FROM "${table}")) + ?
         WHERE name = ? RETURNING seq`,
        count,
        table,
      )
    )[0];
  let counter = await advance();
  if (!counter) {
    // SQLite creates a table's counter at its first insert.
    await db.$executeRawUnsafe(
      "INSERT INTO sqlite_sequence (name, seq) SELECT ?, 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)",
      table,
      table,
    );
    counter = await advance();
  }
  if (!counter) throw new Error(`no id counter for ${table}`);
  return Number(counter.seq) - count + 1;
}
