// PostgreSQL's raw-SQL limit for digest_ratio_vs_raw_sql: the queries and tally of raw-digest.ts, with PostgreSQL's
// spelling of the three that differ, run with pg in one read-only snapshot on a connection of the same server.
import type pg from "pg";
import { poolOf } from "../src/db/postgres/pool.ts";
import { previousWeek, type WeekKey } from "../src/domain/weeks.ts";
import type { ServiceDeps } from "../src/services/deps.ts";
import { numbered } from "./postgres-params.ts";
import {
  compareCounts,
  creationDays,
  type DialectQueries,
  mapQueries,
  pairByScope,
  PLANS_IN_FORCE,
  type Row,
  type Tally,
  tallyWeek,
  type WeekPair,
  type WeekQueries,
  weekParams,
  weekQueries,
} from "./raw-digest.ts";

const POSTGRES_QUERIES: DialectQueries = {
  late: `x."recordedAt" - x."occurredAt" > INTERVAL '72 hours'`,
  scheduledOn: `to_char(CAST(@startsOn AS date) + (c."weekday" - 1), 'YYYY-MM-DD')`,
  activePlan: `SELECT DISTINCT ON ("personId") "personId", "reviewOn" FROM "Plan" WHERE ${PLANS_IN_FORCE}
    ORDER BY "personId", "createdAt" DESC`,
};
const QUERIES = weekQueries(POSTGRES_QUERIES);
/** The week's bounds are instants; every other parameter is an int or a 'YYYY-MM-DD' text. */
const INSTANTS = { start: "timestamp", end: "timestamp" };

/** The queries one after another on one connection, as SQLite runs them. */
async function weekRows(client: pg.ClientBase, params: ReturnType<typeof weekParams>): Promise<WeekQueries<Row[]>> {
  const order: string[] = [];
  mapQueries(QUERIES, (sql) => order.push(sql));
  const rows = new Map<string, Row[]>();
  for (const sql of order) {
    const { text, values } = numbered(sql, params, INSTANTS);
    rows.set(sql, (await client.query<Row>(text, values)).rows);
  }
  return mapQueries(QUERIES, (sql) => rows.get(sql) ?? []);
}

/** The digest counts of every site of the programme and of the programme, for weekKey and the week before. */
export async function rawDigestCountsPostgres(
  pool: pg.Pool,
  programmeId: number,
  weekKey: WeekKey,
  timeZone: string,
): Promise<Map<string, WeekPair>> {
  const activityCreatedOn = creationDays(timeZone);
  const client = await pool.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const sites = await client.query<{ id: number }>(`SELECT "id" FROM "Site" WHERE "programmeId" = $1 ORDER BY "id"`, [
      programmeId,
    ]);
    const siteIds = sites.rows.map((site) => site.id);
    const tallies: Tally[] = [];
    for (const week of [weekKey, previousWeek(weekKey)]) {
      const rows = await weekRows(client, weekParams(programmeId, week, timeZone));
      tallies.push(tallyWeek(siteIds, rows, activityCreatedOn));
    }
    await client.query("COMMIT");
    return pairByScope(programmeId, tallies[0] as Tally, tallies[1] as Tally);
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

/** compareCounts on Ponte's own pool (the connections its hand-written report queries use). */
export function compareWithRawPostgres(
  deps: ServiceDeps,
  programmeId: number,
  weekKey: WeekKey,
): Promise<{ rawMs: number; ponteMs: number; mismatches: string[] }> {
  const pool = poolOf(deps.db);
  return compareCounts(deps, programmeId, weekKey, () =>
    rawDigestCountsPostgres(pool, programmeId, weekKey, deps.timeZone),
  );
}
