// Ponte's own pg pool beside Prisma's, for hand-written SQL (reports, the attendance writer, migrations, locks).
import pg from "pg";
import type { PrismaClient as Db } from "../generated/client.ts";
import { numberedPlaceholders, type Row, type SqlSession, type SqlValue } from "../sql.ts";

const INT8 = 20;
const NUMERIC = 1700;
const TIMESTAMP = 1114;

/** Counts and sums as numbers (they stay far below 2^53), and Prisma's UTC timestamps (no time zone) as instants. */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    if (oid === TIMESTAMP) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

const pools = new WeakMap<Db, pg.Pool>();

/** `idleTimeoutMillis` 0 keeps idle connections open for good. */
export function createPool(url: string, max = 4, idleTimeoutMillis = 10_000): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis, types });
  // An idle connection the server ended (a restart, a failover, a dropped database) is discarded by the pool and the
  // next query opens another; unheard, pg raises it as an uncaught exception that kills the process.
  pool.on("error", () => undefined);
  // The same news for a connection held by a transaction between two queries: heard here, it fails that transaction's
  // next query instead (runInTurn and pooledTransaction then discard the connection).
  pool.on("connect", (client) => client.on("error", () => undefined));
  return pool;
}

export function registerPool(db: Db, pool: pg.Pool): void {
  pools.set(db, pool);
}

const lockPools = new WeakMap<Db, pg.Pool>();

/**
 * The one connection that holds this instance's advisory locks (they belong to a session), opened at first use and
 * never closed while idle: closing it would release them.
 */
export function lockPoolOf(db: Db): pg.Pool {
  let locks = lockPools.get(db);
  if (!locks) {
    const { connectionString } = poolOf(db).options as { connectionString: string };
    locks = createPool(connectionString, 1, 0);
    lockPools.set(db, locks);
  }
  return locks;
}

const turnPools = new WeakMap<Db, pg.Pool>();
/** How many works (one chat's updates) this instance runs in turn at once: each waits and holds a connection. */
const TURN_CONNECTIONS = 5;

/** The connections whose transactions hold runInTurn's locks. */
export function turnPoolOf(db: Db): pg.Pool {
  let turns = turnPools.get(db);
  if (!turns) {
    const { connectionString } = poolOf(db).options as { connectionString: string };
    turns = createPool(connectionString, TURN_CONNECTIONS);
    turnPools.set(db, turns);
  }
  return turns;
}

export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error("this Prisma client was not opened with openDatabase");
  return pool;
}

/** Ponte's pools of this client, forgotten here; the caller ends them. */
export function takePools(db: Db): pg.Pool[] {
  const taken = [pools.get(db), lockPools.get(db), turnPools.get(db)].filter((pool) => pool !== undefined);
  pools.delete(db);
  lockPools.delete(db);
  turnPools.delete(db);
  return taken;
}

const BATCH_ROWS = 1000;

/** Instants in UTC: Prisma's timestamps have no time zone, and pg would send a Date in the process's one. */
function postgresValue(value: SqlValue): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

export const joinIds = (expression: string) => `string_agg((${expression})::text, ',')`;

/** A session on one pooled connection; `each` needs a transaction (it reads through a cursor). */
export function sessionOn(client: pg.PoolClient): SqlSession {
  const all = async (sql: string, params: readonly SqlValue[]) =>
    (await client.query<Row>(numberedPlaceholders(sql), params.map(postgresValue))).rows;
  return {
    all: (sql, ...params) => all(sql, params),
    async each(sql, params, onRow) {
      await client.query(`DECLARE "rows" NO SCROLL CURSOR FOR ${numberedPlaceholders(sql)}`, params.map(postgresValue));
      for (;;) {
        const { rows } = await client.query<Row>(`FETCH ${BATCH_ROWS} FROM "rows"`);
        for (const row of rows) onRow(row);
        if (rows.length < BATCH_ROWS) break;
      }
      await client.query(`CLOSE "rows"`);
    },
    run: async (sql, ...params) =>
      (await client.query(numberedPlaceholders(sql), params.map(postgresValue))).rowCount ?? 0,
    async insert(sql, ...params) {
      const [row] = await all(`${sql} RETURNING "id"`, params);
      return Number(row?.id);
    },
    joinIds,
  };
}

/** Every query of a read sees the same moment, and none can write. */
export const BEGIN_READ_SNAPSHOT = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/** A read transaction on a connection of its own, closed after: a child process's one report. */
export async function readTransactionAt<T>(url: string, work: (sql: SqlSession) => Promise<T>): Promise<T> {
  const pool = createPool(url, 1);
  try {
    return await pooledTransaction(pool, BEGIN_READ_SNAPSHOT, work);
  } finally {
    await pool.end();
  }
}

/** `work` in one transaction on a connection of the pool, begun with `begin`. */
export async function pooledTransaction<T>(
  pool: pg.Pool,
  begin: string,
  work: (sql: SqlSession) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    try {
      const result = await work(sessionOn(client));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  } finally {
    client.release();
  }
}
