// Weekly digests: at the time of DIGEST_CRON (default Monday 08:00 in the deployment's zone) every coordinator gets
// the last complete ISO week's digest of each site they coordinate, and every programme admin one per programme,
// with the chart of the last 8 weeks. Each goes through the outbox under a dedupe key, so restarts and parallel
// instances send it exactly once; a process that was down at that time catches up within a day.
import { Cron } from "croner";
import { isoWeekKey, previousWeek } from "../domain/weeks.ts";
import type { WeekKey } from "../domain/weeks.ts";
import { enqueueDelivery, type OutgoingMessage } from "../services/deliveries.ts";
import type { ServiceDeps } from "../services/deps.ts";
import { type DigestFiguresCache, renderDigest, scopeDigest } from "../services/reports/digest.ts";
import type { DigestTarget, DigestView } from "../services/reports/digest-view.ts";
import type { Job, JobEnv } from "./scheduler.ts";

/** After this long, a missed digest is left to /riepilogo rather than arriving days late. */
const CATCH_UP_MS = 24 * 3600_000;
const CHECK_EVERY_MS = 60_000;

export function digestDedupeKey(weekKey: WeekKey, target: DigestTarget, staffId: number): string {
  return `digest:${weekKey}:${target.kind}:${target.id}:${staffId}`;
}

/** The latest time of the cron pattern at or before `now`, if it is less than a day old. */
export function dueDigestTime(pattern: string, timeZone: string, now: Date): Date | null {
  const cron = new Cron(pattern, { timezone: timeZone, paused: true });
  let due: Date | null = null;
  for (let next = cron.nextRun(new Date(now.getTime() - CATCH_UP_MS)); next && next <= now; next = cron.nextRun(next)) {
    due = next;
  }
  return due;
}

interface Recipient {
  id: number;
  locale: string;
}

interface ScopeRecipients {
  target: DigestTarget;
  recipients: Recipient[];
}

/** Coordinators per active site they coordinate, admins per programme they administer (null: every programme). */
async function digestRecipients(deps: ServiceDeps): Promise<ScopeRecipients[]> {
  const [staff, sites, programmes] = await Promise.all([
    deps.db.staff.findMany({
      where: { active: true, memberships: { some: { role: { in: ["coordinator", "admin"] } } } },
      select: { id: true, locale: true, memberships: { select: { role: true, siteId: true, programmeId: true } } },
      orderBy: { id: "asc" },
    }),
    deps.db.site.findMany({ where: { active: true }, select: { id: true } }),
    deps.db.programme.findMany({ select: { id: true } }),
  ]);
  const activeSiteIds = new Set(sites.map((site) => site.id));
  const scopes = new Map<string, ScopeRecipients>();
  const add = (target: DigestTarget, recipient: Recipient) => {
    const key = `${target.kind}:${target.id}`;
    const scope = scopes.get(key) ?? { target, recipients: [] };
    if (!scope.recipients.some((r) => r.id === recipient.id)) scope.recipients.push(recipient);
    scopes.set(key, scope);
  };
  for (const member of staff) {
    const recipient = { id: member.id, locale: member.locale };
    for (const membership of member.memberships) {
      if (membership.role === "coordinator" && membership.siteId !== null && activeSiteIds.has(membership.siteId)) {
        add({ kind: "site", id: membership.siteId }, recipient);
      }
      if (membership.role === "admin") {
        const ids = membership.programmeId === null ? programmes.map((p) => p.id) : [membership.programmeId];
        for (const id of ids) add({ kind: "programme", id }, recipient);
      }
    }
  }
  return [...scopes.values()];
}

/** Queues the digests due now that are not queued yet; returns how many recipients got one. */
export async function queueWeeklyDigests(deps: ServiceDeps, schedule: string): Promise<number> {
  const now = deps.clock();
  const due = dueDigestTime(schedule, deps.timeZone, now);
  if (!due) return 0;
  const weekKey = previousWeek(isoWeekKey(due, deps.timeZone));
  let queued = 0;
  const inputs: DigestFiguresCache = new Map();
  for (const { target, recipients } of await digestRecipients(deps)) {
    const keys = recipients.map((recipient) => digestDedupeKey(weekKey, target, recipient.id));
    const existing = await deps.db.delivery.findMany({
      where: { dedupeKey: { in: keys } },
      select: { dedupeKey: true },
    });
    const done = new Set(existing.map((row) => row.dedupeKey));
    const pending = recipients.filter((recipient) => !done.has(digestDedupeKey(weekKey, target, recipient.id)));
    if (pending.length === 0) continue;
    const view = await scopeDigest(deps, target, weekKey, inputs);
    const messages = new Map<string, OutgoingMessage[]>();
    for (const recipient of pending) {
      let parts = messages.get(recipient.locale);
      if (!parts) {
        parts = await digestMessages(view, recipient.locale);
        messages.set(recipient.locale, parts);
      }
      if (await enqueueDigest(deps, digestDedupeKey(weekKey, target, recipient.id), recipient.id, parts, now)) queued++;
    }
  }
  return queued;
}

/** The chart, then the text in parts under 4096 characters: one delivery (one API call) each. */
export async function digestMessages(view: DigestView, locale: string): Promise<OutgoingMessage[]> {
  const { texts, chartPng } = await renderDigest(view, locale);
  return [
    { photo: { base64: chartPng.toString("base64"), filename: "chart.png" } },
    ...texts.map((text) => ({ text })),
  ];
}

/** The dedupe keys of a digest's deliveries: `<key>:chart`, `<key>:part1`, …, and the digest's own key last. */
export function digestPartKeys(dedupeKey: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) =>
    index === 0 ? `${dedupeKey}:chart` : index === count - 1 ? dedupeKey : `${dedupeKey}:part${index}`,
  );
}

/**
 * Queues a digest's messages, each under its own dedupe key (two instances never queue one twice) and each after
 * the one before it (a failed text is retried alone, never with the chart again, and never before it). The digest's
 * own key goes on the last message: it marks the digest complete, so a process that stopped halfway finishes it
 * on its next run.
 */
export async function enqueueDigest(
  deps: Pick<ServiceDeps, "db" | "cipher">,
  dedupeKey: string,
  recipientId: number,
  parts: OutgoingMessage[],
  now: Date,
): Promise<boolean> {
  let isNew = false;
  const keys = digestPartKeys(dedupeKey, parts.length);
  for (const [index, message] of parts.entries()) {
    const request = { dedupeKey: keys[index] as string, kind: "digest", recipientId, message, after: keys[index - 1] };
    isNew = await enqueueDelivery(deps.db, deps.cipher, request, now);
  }
  return isNew;
}

export function digestJob(env: JobEnv): Job {
  return {
    name: "digest",
    everyMs: CHECK_EVERY_MS,
    run: async () => {
      const stopTimer = env.metrics.digestRunSeconds.startTimer();
      const queued = await queueWeeklyDigests(env.deps, env.config.DIGEST_CRON);
      // Only runs that produced digests are timed: the check every minute in between says nothing.
      if (queued > 0) {
        stopTimer();
        env.outbox.kick();
      }
    },
  };
}
