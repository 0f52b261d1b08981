// A digest's figures and chart, computed in a child process that exits when done: a programme's weeks of rows (tens of
// megabytes) never enter the bot's process, and the bot keeps answering while they are counted.
import { readSnapshotAt } from "../../db/snapshot.ts";
import {
  computeDigest,
  type DigestReport,
  type DigestScope,
  type WeeklyChartPoint,
  weeklyChartPoints,
} from "../../domain/digest.ts";
import type { WeekKey } from "../../domain/weeks.ts";
import { moduleBeside, runInChildProcess } from "../child-task.ts";
import { loadDigestInput } from "./digest-data.ts";

export interface DigestFiguresTask {
  databaseUrl: string;
  timeZone: string;
  weekKey: WeekKey;
  /** The sites whose rows are read: every scope's sites. */
  siteIds: readonly number[];
  scopes: readonly DigestScope[];
}

export interface ScopeFigures {
  report: DigestReport;
  chart: WeeklyChartPoint[];
}

/** Reads the sites' rows once and computes each scope's figures from them, in the order of `scopes`. */
export async function computeDigestFigures(task: DigestFiguresTask): Promise<ScopeFigures[]> {
  const { weekKey, timeZone } = task;
  const input = await readSnapshotAt(task.databaseUrl, (sql) => loadDigestInput(sql, task.siteIds, weekKey, timeZone));
  return task.scopes.map((scope) => ({
    report: computeDigest(input, scope, weekKey, timeZone),
    chart: weeklyChartPoints(input, scope, weekKey, undefined, timeZone),
  }));
}

export function digestFiguresInChildProcess(task: DigestFiguresTask): Promise<ScopeFigures[]> {
  return runInChildProcess(moduleBeside(import.meta.url, "digest-figures-worker"), task);
}
