// SQLite's side of the engine interface (src/db/engine.ts).
import type { Engine, Row } from "../sql.ts";
import { closeSqliteConnections, joinIds, readTransaction, sqliteValue, writeTransaction } from "./connections.ts";

export const sqliteEngine: Engine = {
  read: readTransaction,
  write: (db, work) => writeTransaction(db, work),
  through(prisma) {
    return {
      all: (sql, ...params) => prisma.$queryRawUnsafe<Row[]>(sql, ...params.map(sqliteValue)),
      async each(sql, params, onRow) {
        for (const row of await prisma.$queryRawUnsafe<Row[]>(sql, ...params.map(sqliteValue))) onRow(row);
      },
      run: (sql, ...params) => prisma.$executeRawUnsafe(sql, ...params.map(sqliteValue)),
      async insert(sql, ...params) {
        const [row] = await prisma.$queryRawUnsafe<Row[]>(`${sql} RETURNING "id"`, ...params.map(sqliteValue));
        return Number(row?.id);
      },
      joinIds,
    };
  },
  lockRow: async () => undefined,
  // Each statement is atomic, so two writers never get the same ids; rows inserted without an id are numbered after
  // the reserved ones (AUTOINCREMENT), and an id reserved but not used is a gap, as after a rolled-back insert.
  async reserveIds(tx, table, count) {
    const advance = async () =>
      (
        await tx.$queryRawUnsafe<{ seq: number | bigint }[]>(
          `UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT COALESCE(MAX("id"), 0) FROM "${table}")) + ?
           WHERE name = ? RETURNING seq`,
          count,
          table,
        )
      )[0];
    let counter = await advance();
    if (!counter) {
      // SQLite creates a table's counter at its first insert.
      await tx.$executeRawUnsafe(
        "INSERT INTO sqlite_sequence (name, seq) SELECT ?, 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)",
        table,
        table,
      );
      counter = await advance();
    }
    if (!counter) throw new Error(`no id counter for ${table}`);
    return Number(counter.seq) - count + 1;
  },
  // One instance of Ponte per SQLite file: nobody else runs anything.
  async runAlone(_db, _name, work) {
    await work();
    return true;
  },
  runIfAbandoned: async () => false,
  runInTurn: (_db, _name, work) => work(),
  // AUTOINCREMENT's counter already moves past any id written explicitly.
  followWrittenIds: async () => undefined,
  // Checkpoint and truncate the WAL around a VACUUM: no copy in the WAL or in freed pages (docs/reliability.md).
  async reclaimFreedSpace(db) {
    await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    await db.$executeRawUnsafe("VACUUM");
    await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  },
  async close(db) {
    closeSqliteConnections(db);
    await db.$disconnect();
  },
};
