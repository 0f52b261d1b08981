// GET /healthz (is the database reachable, when was an update last handled, how far behind is the outbox) and
// GET /metrics (Prometheus text format). /healthz answers 503 only when the database cannot be reached: a backlog
// is reported, not treated as death, since restarting would not clear it.
import { type Db, pingDatabase } from "../db/client.ts";
import { describeError } from "../logger.ts";
import { type Metrics, oldestPendingAgeMs } from "../metrics.ts";
import type { Logger } from "pino";
import { type Handler, reply } from "./server.ts";

export interface HealthSources {
  db: Db;
  clock: () => Date;
  logger: Logger;
  mode: "webhook" | "polling";
  lastUpdateHandledAt: () => Date | null;
}

export interface HealthReport {
  status: "ok" | "unavailable";
  mode: "webhook" | "polling";
  database: "reachable" | "unreachable";
  lastUpdateHandledAt: string | null;
  outbox: { pending: number; oldestPendingSeconds: number } | null;
}

export async function healthReport(sources: HealthSources): Promise<HealthReport> {
  const base = { mode: sources.mode, lastUpdateHandledAt: sources.lastUpdateHandledAt()?.toISOString() ?? null };
  try {
    await pingDatabase(sources.db);
    const pending = await sources.db.delivery.count({ where: { status: { in: ["pending", "sending"] } } });
    const oldestMs = await oldestPendingAgeMs(sources.db, sources.clock());
    return {
      status: "ok",
      database: "reachable",
      ...base,
      outbox: { pending, oldestPendingSeconds: Math.round(oldestMs / 1000) },
    };
  } catch (error) {
    sources.logger.warn({ error: describeError(error) }, "health check: database unreachable");
    return { status: "unavailable", database: "unreachable", ...base, outbox: null };
  }
}

export function healthHandler(sources: HealthSources): Handler {
  return async (_request, response) => {
    const report = await healthReport(sources);
    reply(response, report.status === "ok" ? 200 : 503, JSON.stringify(report), "application/json");
  };
}

export function metricsHandler(metrics: Metrics): Handler {
  return async (_request, response) => {
    reply(response, 200, await metrics.registry.metrics(), metrics.registry.contentType);
  };
}
