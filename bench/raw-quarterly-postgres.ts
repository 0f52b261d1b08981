// PostgreSQL's raw-SQL limits for the funder's sheet and the job funnel: the queries of raw-quarterly.ts, with
// PostgreSQL's spelling of their few engine-specific functions, run with pg on one connection of the same server.
import type pg from "pg";
import type { FunnelRow } from "../src/domain/job-funnel.ts";
import type { OutputValues, SheetSite } from "../src/domain/output-indicators.ts";
import { numbered, type NamedParams } from "./postgres-params.ts";
import {
  funnelQueries,
  funnelRow,
  funnelSpans,
  type Row,
  type Span,
  type SqlDialect,
  sheetQueries,
  sheetScopes,
  sheetValues,
} from "./raw-quarterly.ts";

const POSTGRES: SqlDialect = {
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
  least: (a, b) => `LEAST(${a}, ${b})`,
  dayAfter: (date) => `to_char(CAST(${date} AS date) + 1, 'YYYY-MM-DD')`,
  spanDays: `SELECT to_char(CAST(@startsOn AS date) + n, 'YYYY-MM-DD')
    FROM generate_series(0, CAST(@endsOn AS date) - CAST(@startsOn AS date)) AS n`,
  isoWeekday: (date) => `CAST(EXTRACT(ISODOW FROM CAST(${date} AS date)) AS INTEGER)`,
};

async function rowsOf<Q extends string>(
  client: pg.ClientBase,
  queries: Record<Q, string>,
  params: NamedParams,
): Promise<Record<Q, Row>> {
  const rows: Partial<Record<Q, Row>> = {};
  for (const [name, sql] of Object.entries(queries) as [Q, string][]) {
    const { text, values } = numbered(sql, params);
    rows[name] = (await client.query<Row>(text, values)).rows[0] ?? {};
  }
  return rows as Record<Q, Row>;
}

/** Every site and the programme, for each span, keyed as rawSheet keys them. */
export async function rawSheetPostgres(
  pool: pg.Pool,
  programmeId: number,
  sites: readonly SheetSite[],
  spans: readonly Span[],
): Promise<Map<string, OutputValues>> {
  const client = await pool.connect();
  try {
    const values = new Map<string, OutputValues>();
    for (const { key, scope, span, wholeProgramme } of sheetScopes(sites, spans)) {
      const rows = await rowsOf(client, sheetQueries(POSTGRES, scope, wholeProgramme), { ...span, programmeId });
      values.set(key, sheetValues(rows));
    }
    return values;
  } finally {
    client.release();
  }
}

/** The funnel's rows by year and in total, as rawFunnel gives them. */
export async function rawFunnelPostgres(pool: pg.Pool, siteIds: readonly number[], range: Span): Promise<FunnelRow[]> {
  const client = await pool.connect();
  try {
    const rows: FunnelRow[] = [];
    for (const { label, span } of funnelSpans(range)) {
      const params = { ...span, rangeEndsOn: range.endsOn };
      rows.push(funnelRow(label, span, await rowsOf(client, funnelQueries(siteIds), params)));
    }
    return rows;
  } finally {
    client.release();
  }
}
