// Escalation: severity ≥ 3 events nobody acknowledged within the delay go to the programme's admins; severity 4
// is re-sent every 15 minutes (to the admins and everyone first alerted) up to the limit, until acknowledged.
// Each round is claimed by bumping escalationCount and each message has a dedupe key, so rounds never repeat.
import {
  dueEscalationRound,
  ESCALATION_MIN_SEVERITY,
  type EscalationSettings,
  remindsOriginalRecipients,
} from "../domain/escalation.ts";
import { translate } from "../i18n.ts";
import {
  alertedRecipients,
  escalationDedupeKey,
  type EventCard,
  loadEventCard,
  programmeAdmins,
  queueEventAlert,
  type Recipient,
} from "../services/alerts.ts";
import { recordAudit } from "../services/audit.ts";
import type { ServiceDeps } from "../services/deps.ts";
import type { Job, JobEnv } from "./scheduler.ts";

/** Queues every escalation round now due; returns how many rounds were queued. */
export async function escalateOverdueEvents(deps: ServiceDeps, settings: EscalationSettings): Promise<number> {
  const now = deps.clock();
  const candidates = await deps.db.criticalEvent.findMany({
    where: { status: "open", severity: { gte: ESCALATION_MIN_SEVERITY } },
    select: { id: true, severity: true, status: true, recordedAt: true, escalationCount: true, reporterId: true },
  });
  let rounds = 0;
  for (const event of candidates) {
    const round = dueEscalationRound(event, now, settings);
    if (round === null) continue;
    const queued = await deps.db.$transaction(async (tx) => {
      const claimed = await tx.criticalEvent.updateMany({
        where: { id: event.id, status: "open", escalationCount: event.escalationCount },
        data: { escalationCount: round, lastAlertedAt: now },
      });
      if (claimed.count !== 1) return false;
      const card = (await loadEventCard(tx, deps, event.id)) as EventCard;
      const audience = new Map<number, Recipient>();
      const groups = [
        await programmeAdmins(tx, card.programmeId),
        remindsOriginalRecipients(event.severity) ? await alertedRecipients(tx, event.id) : [],
      ];
      for (const recipient of groups.flat())
        if (recipient.id !== event.reporterId) audience.set(recipient.id, recipient);
      const minutes = Math.round((now.getTime() - event.recordedAt.getTime()) / 60_000);
      for (const recipient of audience.values()) {
        await queueEventAlert(
          tx,
          deps,
          {
            dedupeKey: escalationDedupeKey(event.id, round, recipient.id),
            kind: "event-escalation",
            recipient,
            card,
            header: translate(recipient.locale, "events-escalation-header", { round, minutes }),
          },
          now,
        );
      }
      await recordAudit(tx, deps.cipher, {
        actorId: null,
        action: "event.escalate",
        subjectType: "critical_event",
        subjectId: event.id,
        details: { round, recipients: [...audience.keys()] },
        at: now,
      });
      return true;
    });
    if (queued) rounds++;
  }
  return rounds;
}

export function escalationJob(env: Pick<JobEnv, "deps" | "outbox" | "config">): Job {
  const settings: EscalationSettings = {
    delayMinutes: env.config.ESCALATION_DELAY_MINUTES,
    maxResends: env.config.ESCALATION_MAX_RESENDS,
  };
  return {
    name: "escalation",
    everyMs: 60_000,
    async run() {
      if ((await escalateOverdueEvents(env.deps, settings)) > 0) env.outbox.kick();
    },
  };
}
