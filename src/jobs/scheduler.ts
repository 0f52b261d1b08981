// Runs periodic jobs (reminders, escalations, digests, the outbox) without overlap; a failing run is logged, not fatal.
import type { Api } from "grammy";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { describeError } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { ServiceDeps } from "../services/deps.ts";
import type { OutboxWorker } from "./outbox.ts";

/** What every job gets. */
export interface JobEnv {
  deps: ServiceDeps;
  api: Api;
  outbox: OutboxWorker;
  config: Config;
  metrics: Metrics;
}

export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

export interface Scheduler {
  /** Resolves once every job has run once (each runs right after the start, then every `everyMs`). */
  firstRound: Promise<void>;
  stop(): Promise<void>;
}

export function startScheduler(jobs: readonly Job[], logger: Logger): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const firstRuns: Promise<unknown>[] = [];
  let stopped = false;
  for (const job of jobs) {
    let busy = false;
    const tick = (): Promise<unknown> | undefined => {
      if (busy || stopped) return undefined;
      busy = true;
      const running = job
        .run()
        .catch((error: unknown) => logger.error({ job: job.name, error: describeError(error) }, "job failed"))
        .finally(() => {
          busy = false;
          inFlight.delete(running);
        });
      inFlight.add(running);
      return running;
    };
    timers.push(setInterval(tick, job.everyMs));
    firstRuns.push(new Promise((resolve) => setImmediate(() => resolve(tick()))));
  }
  return {
    firstRound: Promise.all(firstRuns).then(() => undefined),
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.all(inFlight);
    },
  };
}
