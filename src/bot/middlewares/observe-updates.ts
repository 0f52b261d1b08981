// First in the chain: counts and times every update, and knows which are still being handled, so a graceful stop
// can wait for them and /healthz can tell when the last one finished.
import type { MiddlewareFn } from "grammy";
import type { Update } from "grammy/types";
import type { Metrics, UpdateKind } from "../../metrics.ts";

export interface UpdateObserver {
  middleware: MiddlewareFn;
  /** Resolves once no update is being handled or waiting (see `waiting`). */
  idle(): Promise<void>;
  /** Counts updates handed over but not started (a chat's turn to come) as being handled until `work` ends. */
  waiting(work: Promise<void>): Promise<void>;
  lastHandledAt(): Date | null;
}

export function updateKind(update: Update): UpdateKind {
  if (update.message) return "message";
  if (update.edited_message) return "edited_message";
  if (update.callback_query) return "callback_query";
  return "other";
}

export function observeUpdates(metrics: Metrics, clock: () => Date = () => new Date()): UpdateObserver {
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  let lastHandled: Date | null = null;
  const done = () => {
    if (--inFlight > 0) return;
    for (const resolve of waiters) resolve();
    waiters = [];
  };
  return {
    middleware: async (ctx, next) => {
      const kind = updateKind(ctx.update);
      const stopTimer = metrics.updateSeconds.startTimer({ kind });
      inFlight++;
      metrics.updatesInFlight.inc();
      try {
        await next();
      } finally {
        stopTimer();
        metrics.updatesHandled.inc({ kind });
        metrics.updatesInFlight.dec();
        lastHandled = clock();
        done();
      }
    },
    async waiting(work) {
      inFlight++;
      try {
        await work;
      } finally {
        done();
      }
    },
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    lastHandledAt: () => lastHandled,
  };
}
