// Prometheus metrics (GET /metrics). One registry per running app, so tests can run several apps in one process.
// Figures that live in the database (queue depth, unacknowledged events) are read when Prometheus scrapes.
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Db } from "./db/client.ts";

export type UpdateKind = "message" | "edited_message" | "callback_query" | "other";
export type FlowOutcome = "completed" | "cancelled" | "left";
export type DeliveryOutcome = "sent" | "failed" | "retried" | "rate_limited";

export interface Metrics {
  registry: Registry;
  updatesHandled: Counter<"kind">;
  updateSeconds: Histogram<"kind">;
  updatesInFlight: Gauge;
  flows: Counter<"flow" | "outcome">;
  deliveries: Counter<"kind" | "outcome">;
  digestRunSeconds: Histogram;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    updatesHandled: new Counter({
      name: "ponte_updates_handled_total",
      help: "Telegram updates handled, by kind",
      labelNames: ["kind"],
      registers,
    }),
    updateSeconds: new Histogram({
      name: "ponte_update_handling_seconds",
      help: "Time from receiving an update to the end of its handling (waiting behind the same chat included)",
      labelNames: ["kind"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    updatesInFlight: new Gauge({
      name: "ponte_updates_in_flight",
      help: "Updates received and not yet handled",
      registers,
    }),
    flows: new Counter({
      name: "ponte_flows_total",
      help: "Multi-step flows ended: completed, cancelled by the user, or left (timed out or another task started)",
      labelNames: ["flow", "outcome"],
      registers,
    }),
    deliveries: new Counter({
      name: "ponte_deliveries_total",
      help: "Outbox delivery attempts by message kind and outcome",
      labelNames: ["kind", "outcome"],
      registers,
    }),
    digestRunSeconds: new Histogram({
      name: "ponte_digest_run_seconds",
      help: "Duration of a weekly digest run (computing and queueing every recipient's digest)",
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    }),
  };
}

/** Gauges read from the database at each scrape: the outbox queue and the unacknowledged critical events. */
export function registerDatabaseGauges(metrics: Metrics, db: Db, clock: () => Date): void {
  const registers = [metrics.registry];
  new Gauge({
    name: "ponte_outbox_pending",
    help: "Deliveries waiting in the outbox (due now or later)",
    registers,
    async collect() {
      this.set(await db.delivery.count({ where: { status: { in: ["pending", "sending"] } } }));
    },
  });
  new Gauge({
    name: "ponte_outbox_oldest_pending_seconds",
    help: "Age of the oldest delivery still waiting in the outbox (0 when it is empty)",
    registers,
    async collect() {
      this.set((await oldestPendingAgeMs(db, clock())) / 1000);
    },
  });
  new Gauge({
    name: "ponte_critical_events_unacknowledged",
    help: "Critical events that no recipient has acknowledged yet, by severity",
    labelNames: ["severity"],
    registers,
    async collect() {
      this.reset();
      const groups = await db.criticalEvent.groupBy({
        by: ["severity"],
        where: { status: "open", acknowledgements: { none: {} } },
        _count: { _all: true },
      });
      for (const group of groups) this.set({ severity: String(group.severity) }, group._count._all);
    },
  });
}

export async function oldestPendingAgeMs(db: Db, now: Date): Promise<number> {
  const oldest = await db.delivery.findFirst({
    where: { status: { in: ["pending", "sending"] } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  return oldest ? Math.max(0, now.getTime() - oldest.createdAt.getTime()) : 0;
}
