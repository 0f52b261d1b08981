// PostgreSQL's side of the engine interface (src/db/sql.ts).
import { numberedPlaceholders, type Engine, type Row } from "../sql.ts";
import { joinIds, poolOf, pooledTransaction, takePool } from "./pool.ts";

export const postgresEngine: Engine = {
  read: (db, work) => pooledTransaction(poolOf(db), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work),
  write: (db, work) => pooledTransaction(poolOf(db), "BEGIN", work),
  through(prisma) {
    const all = (sql: string, params: unknown[]) => prisma.$queryRawUnsafe<Row[]>(numberedPlaceholders(sql), ...params);
    return {
      all: (sql, ...params) => all(sql, params),
      async each(sql, params, onRow) {
        for (const row of await all(sql, [...params])) onRow(row);
      },
      run: (sql, ...params) => prisma.$executeRawUnsafe(numberedPlaceholders(sql), ...params),
      async insert(sql, ...params) {
        const [row] = await all(`${sql} RETURNING "id"`, params);
        return Number(row?.id);
      },
      joinIds,
    };
  },
  async lockRow(tx, table, id) {
    await tx.$queryRawUnsafe(`SELECT 1 FROM "${table}" WHERE "id" = $1 FOR UPDATE`, id);
  },
  // Ids from the table's sequence are never handed out twice; a run that another writer interleaved is left as gaps.
  async reserveIds(tx, table, count) {
    for (;;) {
      const rows = await tx.$queryRawUnsafe<{ id: bigint | number }[]>(
        `SELECT nextval(pg_get_serial_sequence($1, 'id')) AS "id" FROM generate_series(1, $2::int)`,
        `"${table}"`,
        count,
      );
      const ids = rows.map((row) => Number(row.id)).sort((a, b) => a - b);
      const first = ids[0] as number;
      if (ids.every((id, index) => id === first + index)) return first;
    }
  },
  // A sequence only moves when it hands out an id: set each one past the highest id its table holds.
  async followWrittenIds(tx) {
    const tables = await tx.$queryRawUnsafe<{ table: string }[]>(
      `SELECT table_name::text AS "table" FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name = 'id' AND column_default LIKE 'nextval(%'`,
    );
    for (const { table } of tables) {
      await tx.$queryRawUnsafe(
        `SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE(MAX("id"), 0) + 1, false) FROM "${table}"`,
        `"${table}"`,
      );
    }
  },
  // Dead row versions become free space that later writes reuse; WAL archives and base backups keep their own
  // copies for as long as they are kept (docs/deployment-postgres.md).
  async reclaimFreedSpace(db) {
    await poolOf(db).query("VACUUM");
  },
  async close(db) {
    await takePool(db)?.end();
    await db.$disconnect();
  },
};
