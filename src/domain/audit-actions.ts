// Every action the audit log records (AuditEntry.action): a new one is added here, and gets a label in both locales
// (audit-action-<code, dots as dashes>) that /audit shows; tests/locales.test.ts checks both.
export const AUDIT_ACTIONS = [
  "activity.create",
  "activity.update",
  "activity.schedule.add",
  "activity.schedule.remove",
  "activity.facilitators",
  "activity.enrol",
  "activity.withdraw",
  "closure.add",
  "digest.view",
  "encryption.bind_rows",
  "encryption.rotate_key",
  "event.report",
  "event.view",
  "event.list",
  "event.acknowledge",
  "event.follow_up",
  "event.close",
  "event.escalate",
  "course.progress",
  "export",
  "handover.request",
  "handover.accept",
  "handover.case_manager",
  "handover.escalate",
  "handover.read_ended",
  "hire.create",
  "housing.move_in",
  "housing.move_out",
  "housing.renew",
  "import",
  "internship.start",
  "internship.extend",
  "internship.end",
  "invite.create",
  "invite.redeem",
  "membership.create",
  "oncall.create",
  "oncall.delete",
  "opening_hours.set",
  "output.record",
  "person.create",
  "person.export",
  "person.erase",
  "person.legal_status",
  "person.path_view",
  "person.update",
  "person.transfer",
  "person.discharge",
  "plan.view",
  "plan.goals.read",
  "plan.revise",
  "plan.import",
  "plan.break_glass",
  "plan.break_glass_refused",
  "plan.audit_view",
  "programme.create",
  "referral.create",
  "referral.decide",
  "release.open",
  "release.view",
  "release.service_add",
  "release.service_update",
  "release.first_contact",
  "release.first_contact_missed",
  "release.letter",
  "report.funnel",
  "report.quarterly",
  "session.create",
  "session.correct",
  "session.void",
  "site.create",
  "site.network_worker",
  "staff.bootstrap_admin",
  "staff.deactivate",
  "target.set",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** How a reader reached a person's records ("via" in an entry's details); "site" is the ordinary way. */
export const AUDIT_VIAS = ["site", "on_call", "handover", "break_glass", "import"] as const;

/** The message id of an action's label. */
export function auditActionLabel(action: string): string {
  return `audit-action-${action.replaceAll(".", "-")}`;
}

export function isAuditAction(action: string): action is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(action);
}

export function isAuditVia(via: string): via is (typeof AUDIT_VIAS)[number] {
  return (AUDIT_VIAS as readonly string[]).includes(via);
}
