// The background jobs of a running Ponte. Each feature that needs one adds it here.
import { runAlone } from "../db/locks.ts";
import { digestJob } from "./digest.ts";
import { escalationJob } from "./escalation.ts";
import { runHousekeeping } from "./housekeeping.ts";
import { planCardsJob } from "./plan-cards.ts";
import { planReviewsJob } from "./plan-reviews.ts";
import { releasesJob } from "./releases.ts";
import { reminderJob } from "./reminders.ts";
import type { Job, JobEnv } from "./scheduler.ts";

export function createJobs(env: JobEnv): Job[] {
  // However many instances share the database, one runs each job at a time; what it queued, the others find done.
  const alone = (job: Job): Job => ({ ...job, run: () => runAlone(env.deps.db, `job:${job.name}`, job.run) });
  return [
    // Every instance delivers: each message is claimed by one of them (jobs/outbox.ts).
    { name: "outbox", everyMs: 5_000, run: () => env.outbox.drain() },
    ...[
      { name: "housekeeping", everyMs: 6 * 3600_000, run: () => runHousekeeping(env.deps) },
      reminderJob(env),
      escalationJob(env),
      planReviewsJob(env),
      planCardsJob(env),
      releasesJob(env),
      digestJob(env),
    ].map(alone),
  ];
}
