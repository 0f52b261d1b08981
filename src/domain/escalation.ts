// Critical events as pure rules: their codes, who may see or acknowledge one, who is alerted, and when an
// unacknowledged event escalates. No clock reads: every instant is passed in.
import { hasRoleAt, type Actor, type SiteRef } from "./permissions.ts";

// Aligned with the prison administration's categories of critical events (DAP); codes retired by the terminology
// migration (aggression_staff, restraint, absconding, death) are never reused.
export const EVENT_KINDS = [
  "suicide",
  "suicide_attempt",
  "self_harm",
  "aggression_penitentiary_police",
  "aggression_other_staff",
  "aggression_peer",
  "containment",
  "escape_or_failure_to_return",
  "death_undetermined",
  "death_natural",
  "psychiatric_crisis",
  "intoxication_overdose",
  "damage",
  "protest",
  "prohibited_items",
  "measure_violation",
  "arrest_or_revocation",
  "hospitalisation",
  "family_crisis",
  "other",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** 1 low … 4 life-threatening. */
export const SEVERITIES = [1, 2, 3, 4] as const;

/**
 * Whom the reporter already called or informed (stored comma-separated in CriticalEvent.notifiedCodes). In Lombardy
 * emergencies go through NUE 112 (the old code "118" was migrated to nue_112).
 */
export const NOTIFIED_PARTIES = [
  "nue_112",
  "penitentiary_police",
  "supervisory_judge",
  "educational_area",
  "uepe",
  "ussm",
  "cps",
  "serd",
  "family",
  "other",
] as const;
export type NotifiedParty = (typeof NOTIFIED_PARTIES)[number];

export const EVENT_STATUSES = ["open", "acknowledged", "closed"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const RESEND_INTERVAL_MINUTES = 15;
/** Events this serious escalate when nobody acknowledges them. */
export const ESCALATION_MIN_SEVERITY = 3;

/** Where an actor stands towards one event, beyond their memberships. */
/** How long being sent an event's alert (or escalation) lets a user see and acknowledge that event. */
export const ALERTED_ACCESS_HOURS = 24;

export interface EventRelation {
  reporterId: number;
  /** The actor was sent the alert or an escalation of this event less than ALERTED_ACCESS_HOURS ago. */
  alertedRecently: boolean;
  /** The actor's on-call shift covers the event's site right now. */
  onCallNow: boolean;
}

/** Reporting needs a working role at the site, or an on-call shift covering it right now (the on-call role alone
 * gives nothing outside the shift). */
export function canReportEventAt(actor: Actor, site: SiteRef, onCallSiteIds: readonly number[]): boolean {
  if (!actor.active) return false;
  return hasRoleAt(actor, site, ["operator", "coordinator"]) || onCallSiteIds.includes(site.id);
}

export function canSeeEvent(actor: Actor, site: SiteRef, relation: EventRelation): boolean {
  if (!actor.active) return false;
  return hasRoleAt(actor, site, ["operator", "coordinator"]) || relation.alertedRecently || relation.onCallNow;
}

/** "Presa visione" means "I am handling it": for those responsible for the site, never the reporter. */
export function canAcknowledgeEvent(actor: Actor, site: SiteRef, relation: EventRelation): boolean {
  if (!actor.active || actor.staffId === relation.reporterId) return false;
  return hasRoleAt(actor, site, ["coordinator"]) || relation.alertedRecently || relation.onCallNow;
}

/** Follow-up notes and closing belong to the site's coordinators (and the programme's admins). */
export function canFollowUpEvent(actor: Actor, site: SiteRef): boolean {
  return hasRoleAt(actor, site, ["coordinator"]);
}

export interface Candidate {
  staffId: number;
  active: boolean;
  /** False once they blocked the bot: nothing sent to them arrives. */
  reachable?: boolean;
}

/**
 * Alert recipients: the site's coordinators and whoever is on call there, once each, never the reporter. When one of
 * them has blocked the bot, the alert goes to the others, and to the stand-ins (the programme's admins) as well, so
 * that it is never left with fewer readers than it should have.
 */
export function alertRecipientIds(
  reporterId: number,
  coordinators: readonly Candidate[],
  onCall: readonly Candidate[],
  standIns: readonly Candidate[] = [],
): number[] {
  const eligible = (c: Candidate) => c.active && c.staffId !== reporterId;
  const intended = [...coordinators, ...onCall].filter(eligible);
  const reached = intended.filter((c) => c.reachable !== false);
  const extra = reached.length < intended.length ? standIns.filter((c) => eligible(c) && c.reachable !== false) : [];
  return [...new Set([...reached, ...extra].map((c) => c.staffId))];
}

export interface EscalationSettings {
  delayMinutes: number;
  /** Re-sends of a severity-4 alert after the first escalation. */
  maxResends: number;
}

export interface EscalationState {
  severity: number;
  status: string;
  recordedAt: Date;
  /** Rounds already sent. */
  escalationCount: number;
}

/** How many escalation rounds an event may have: one for severity 3, one plus the re-sends for severity 4. */
export function maxEscalationRounds(severity: number, settings: EscalationSettings): number {
  if (severity < ESCALATION_MIN_SEVERITY) return 0;
  return severity >= 4 ? 1 + settings.maxResends : 1;
}

/**
 * The escalation round due now, or null. Round 1 falls due `delayMinutes` after the report, each later round
 * RESEND_INTERVAL_MINUTES after the previous one; after downtime only the latest due round is sent, not a burst.
 */
export function dueEscalationRound(event: EscalationState, now: Date, settings: EscalationSettings): number | null {
  if (event.status !== "open") return null;
  const rounds = maxEscalationRounds(event.severity, settings);
  const firstDue = event.recordedAt.getTime() + settings.delayMinutes * 60_000;
  if (rounds === 0 || now.getTime() < firstDue) return null;
  const elapsedRounds = Math.floor((now.getTime() - firstDue) / (RESEND_INTERVAL_MINUTES * 60_000)) + 1;
  const due = Math.min(rounds, elapsedRounds);
  return due > event.escalationCount ? due : null;
}

/** Every round goes to the programme's admins; for severity 4 it also goes back to everyone first alerted. */
export function remindsOriginalRecipients(severity: number): boolean {
  return severity >= 4;
}
