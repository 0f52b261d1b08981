// PostgreSQL's side of the engine interface (src/db/sql.ts).
import { numberedPlaceholders, type Engine, type Row } from "../sql.ts";
import { BEGIN_READ_SNAPSHOT, joinIds, lockPoolOf, poolOf, pooledTransaction, takePools, turnPoolOf } from "./pool.ts";

/** The advisory-lock classes of runAlone and runInTurn (the migrations hold 7_368_001). */
const RUN_ALONE_LOCKS = 7_368_002;
const RUN_IN_TURN_LOCKS = 7_368_003;

export const postgresEngine: Engine = {
  read: (db, work) => pooledTransaction(poolOf(db), BEGIN_READ_SNAPSHOT, work),
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
  // A session-level advisory lock on the instance's lock connection: released at the end, or by the server as soon as
  // that connection dies with its instance, so another instance takes over at its next attempt.
  async runAlone(db, name, work) {
    const locks = lockPoolOf(db);
    const taken = await locks.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1, hashtext($2)) AS "locked"`, [
      RUN_ALONE_LOCKS,
      name,
    ]);
    if (!taken.rows[0]?.locked) return false;
    try {
      await work();
      return true;
    } finally {
      await locks.query("SELECT pg_advisory_unlock($1, hashtext($2))", [RUN_ALONE_LOCKS, name]).catch(() => undefined);
    }
  },
  // A lock nobody holds is one whose holder finished or died: its connection's end released it.
  runIfAbandoned(db, name, work) {
    return postgresEngine.runAlone(db, name, work);
  },
  // A transaction-level advisory lock on a connection of its own, held while `work` runs: released at its end, or by
  // the server as soon as that connection dies with its instance.
  async runInTurn(db, name, work) {
    const client = await turnPoolOf(db).connect();
    let ended = false;
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [RUN_IN_TURN_LOCKS, name]);
      try {
        return await work();
      } finally {
        await client.query("COMMIT");
        ended = true;
      }
    } finally {
      // A connection whose transaction did not end cleanly is closed rather than reused.
      client.release(!ended);
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
  // copies for as long as they are kept (docs/postgresql.md, Backups and restore).
  async reclaimFreedSpace(db) {
    await poolOf(db).query("VACUUM");
  },
  async close(db) {
    await Promise.all(takePools(db).map((pool) => pool.end()));
    await db.$disconnect();
  },
};
