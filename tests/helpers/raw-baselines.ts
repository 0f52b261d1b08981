// The benchmarks' raw-SQL baselines on the test database's own engine (better-sqlite3 on SQLite, pg on PostgreSQL),
// so each baseline test checks them against Ponte under `npm test` and under `npm run test:postgres` alike.
import Database from "better-sqlite3";
import { compareWithRaw, rawDigestCounts } from "../../bench/raw-digest.ts";
import { compareWithRawPostgres, rawDigestCountsPostgres } from "../../bench/raw-digest-postgres.ts";
import { rawFunnel, rawSheet, type Span } from "../../bench/raw-quarterly.ts";
import { rawFunnelPostgres, rawSheetPostgres } from "../../bench/raw-quarterly-postgres.ts";
import { poolOf } from "../../src/db/postgres/pool.ts";
import type { SheetSite } from "../../src/domain/output-indicators.ts";
import type { WeekKey } from "../../src/domain/weeks.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import type { TestDatabase } from "./database.ts";

export interface RawBaselines {
  digestCounts(programmeId: number, weekKey: WeekKey, timeZone: string): Promise<ReturnType<typeof rawDigestCounts>>;
  /** Ponte's digest counts beside the raw ones, as the bench compares them. */
  compare: typeof compareWithRaw;
  sheet(programmeId: number, sites: readonly SheetSite[], spans: readonly Span[]): Promise<ReturnType<typeof rawSheet>>;
  funnel(siteIds: readonly number[], range: Span): Promise<ReturnType<typeof rawFunnel>>;
  close(): void;
}

export function rawBaselinesOf(database: TestDatabase, deps: ServiceDeps): RawBaselines {
  if (database.url.startsWith("file:")) {
    const sqlite = new Database(database.file, { readonly: true });
    return {
      digestCounts: async (programmeId, weekKey, timeZone) => rawDigestCounts(sqlite, programmeId, weekKey, timeZone),
      compare: compareWithRaw,
      sheet: async (programmeId, sites, spans) => rawSheet(sqlite, programmeId, sites, spans),
      funnel: async (siteIds, range) => rawFunnel(sqlite, siteIds, range),
      close: () => sqlite.close(),
    };
  }
  const pool = poolOf(deps.db);
  return {
    digestCounts: (programmeId, weekKey, timeZone) => rawDigestCountsPostgres(pool, programmeId, weekKey, timeZone),
    compare: compareWithRawPostgres,
    sheet: (programmeId, sites, spans) => rawSheetPostgres(pool, programmeId, sites, spans),
    funnel: (siteIds, range) => rawFunnelPostgres(pool, siteIds, range),
    close: () => undefined,
  };
}
