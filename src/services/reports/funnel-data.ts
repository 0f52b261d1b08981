// The job funnel's rows, read and counted in a child process that exits when done: a programme's people, internships
// and hires over years never enter the bot's process.
import { readSnapshotAt } from "../../db/snapshot.ts";
import type { SqlSession } from "../../db/sql.ts";
import { databaseUrlOf } from "../../db/url.ts";
import { computeJobFunnel, type FunnelInput, type JobFunnel } from "../../domain/job-funnel.ts";
import type { SitePeriod } from "../../domain/people.ts";
import type { ReportPeriod } from "../../domain/report-periods.ts";
import { moduleBeside, runInChildProcess } from "../child-task.ts";
import type { ServiceDeps } from "../deps.ts";

export interface JobFunnelTask {
  databaseUrl: string;
  siteIds: readonly number[];
  period: ReportPeriod;
}

/** The funnel of the sites over the period. */
export function loadJobFunnel(
  db: ServiceDeps["db"],
  siteIds: readonly number[],
  period: ReportPeriod,
): Promise<JobFunnel> {
  const task: JobFunnelTask = { databaseUrl: databaseUrlOf(db), siteIds, period };
  return runInChildProcess(moduleBeside(import.meta.url, "funnel-data-worker"), task);
}

/** The child's side of loadJobFunnel. */
export async function computeJobFunnelAt(task: JobFunnelTask): Promise<JobFunnel> {
  const input = await readSnapshotAt(task.databaseUrl, (sql) => readFunnelInput(sql, task.siteIds, task.period));
  return computeJobFunnel(input, task.siteIds, task.period);
}

/** Referrals to the sites, people of the sites, their internships and hires, over the period (hires up to its end),
 * read in one read snapshot (tens of thousands of people at region scale). */
async function readFunnelInput(
  sql: SqlSession,
  siteIds: readonly number[],
  period: ReportPeriod,
): Promise<FunnelInput> {
  const inSites = siteIds.map(() => "?").join(", ") || "NULL";
  const scopePeople = `SELECT "personId" FROM "PersonSite" WHERE "siteId" IN (${inSites})`;
  const all = sql.all;
  const sitesOf = new Map<number, SitePeriod[]>();
  for (const row of await all(
    `SELECT "personId", "siteId", "fromOn", "toOn" FROM "PersonSite" WHERE "personId" IN (${scopePeople})`,
    ...siteIds,
  )) {
    const personId = row.personId as number;
    const periods = sitesOf.get(personId) ?? [];
    periods.push({ siteId: row.siteId as number, fromOn: row.fromOn as string, toOn: row.toOn as string | null });
    sitesOf.set(personId, periods);
  }
  return {
    referrals: (await all(
      `SELECT "siteId", "receivedOn", "source" FROM "Referral" WHERE "siteId" IN (${inSites})
       AND "receivedOn" BETWEEN ? AND ?`,
      ...siteIds,
      period.startsOn,
      period.endsOn,
    )) as unknown as FunnelInput["referrals"],
    people: (
      await all(
        `SELECT "id", "intakeOn" FROM "Person" WHERE "id" IN (${scopePeople}) AND "intakeOn" <= ?`,
        ...siteIds,
        period.endsOn,
      )
    ).map((row) => ({
      id: row.id as number,
      intakeOn: row.intakeOn as string,
      sites: sitesOf.get(row.id as number) ?? [],
    })),
    internships: (await all(
      `SELECT "id", "personId", "hostId", "startsOn" FROM "Internship" WHERE "personId" IN (${scopePeople})
       AND "startsOn" BETWEEN ? AND ?`,
      ...siteIds,
      period.startsOn,
      period.endsOn,
    )) as unknown as FunnelInput["internships"],
    hires: (await all(
      `SELECT "personId", "employerId", "hiredOn", "internshipId" FROM "Hire" WHERE "personId" IN (${scopePeople})
       AND "internshipId" IS NOT NULL AND "hiredOn" <= ?`,
      ...siteIds,
      period.endsOn,
    )) as unknown as FunnelInput["hires"],
  };
}
