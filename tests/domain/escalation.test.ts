import { describe, expect, it } from "vitest";
import {
  alertRecipientIds,
  canAcknowledgeEvent,
  canFollowUpEvent,
  canReportEventAt,
  canSeeEvent,
  dueEscalationRound,
  maxEscalationRounds,
} from "../../src/domain/escalation.ts";
import type { Actor } from "../../src/domain/permissions.ts";

const bollate = { id: 1, programmeId: 10 };
const opera = { id: 2, programmeId: 10 };
const actor = (staffId: number, memberships: Actor["memberships"], active = true): Actor => ({
  staffId,
  active,
  memberships,
});
const operator = actor(3, [{ role: "operator", siteId: 1, programmeId: null }]);
const coordinator = actor(2, [{ role: "coordinator", siteId: 1, programmeId: null }]);
const admin = actor(1, [{ role: "admin", siteId: null, programmeId: null }]);
const otherProgrammeAdmin = actor(5, [{ role: "admin", siteId: null, programmeId: 99 }]);
const noRelation = { reporterId: 3, alertedRecently: false, onCallNow: false };

describe("who may do what with an event", () => {
  it("lets site staff report and see, but only coordinators follow up", () => {
    expect(canReportEventAt(operator, bollate, [])).toBe(true);
    expect(canReportEventAt(operator, opera, [])).toBe(false);
    expect(canSeeEvent(operator, bollate, noRelation)).toBe(true);
    expect(canFollowUpEvent(operator, bollate)).toBe(false);
    expect(canFollowUpEvent(coordinator, bollate)).toBe(true);
    expect(canFollowUpEvent(admin, opera)).toBe(true);
    expect(canFollowUpEvent(otherProgrammeAdmin, bollate)).toBe(false);
  });

  it("keeps out-of-scope and deactivated staff out unless alerted or on call", () => {
    const elsewhere = actor(7, [{ role: "operator", siteId: 2, programmeId: null }]);
    expect(canSeeEvent(elsewhere, bollate, noRelation)).toBe(false);
    expect(canSeeEvent(elsewhere, bollate, { ...noRelation, onCallNow: true })).toBe(true);
    expect(canSeeEvent({ ...coordinator, active: false }, bollate, noRelation)).toBe(false);
    expect(
      canAcknowledgeEvent({ ...coordinator, active: false }, bollate, { ...noRelation, alertedRecently: true }),
    ).toBe(false);
  });

  it("gives the on-call role nothing outside a shift covering the site", () => {
    const onCall = actor(8, [{ role: "on_call", siteId: 1, programmeId: null }]);
    expect(canReportEventAt(onCall, bollate, [])).toBe(false);
    expect(canSeeEvent(onCall, bollate, noRelation)).toBe(false);
    expect(canAcknowledgeEvent(onCall, bollate, noRelation)).toBe(false);
    expect(canReportEventAt(onCall, bollate, [bollate.id])).toBe(true);
    expect(canAcknowledgeEvent(onCall, bollate, { ...noRelation, onCallNow: true })).toBe(true);
  });

  it("lets coordinators and the alerted acknowledge, never the reporter or a plain operator", () => {
    expect(canAcknowledgeEvent(coordinator, bollate, noRelation)).toBe(true);
    expect(canAcknowledgeEvent(operator, bollate, { ...noRelation, reporterId: 99 })).toBe(false);
    expect(canAcknowledgeEvent(operator, bollate, { ...noRelation, reporterId: 99, alertedRecently: true })).toBe(true);
    expect(canAcknowledgeEvent(coordinator, bollate, { ...noRelation, reporterId: coordinator.staffId })).toBe(false);
  });
});

describe("alert recipients", () => {
  it("takes coordinators and on-call staff once each, never the reporter or the deactivated", () => {
    const ids = alertRecipientIds(
      3,
      [
        { staffId: 2, active: true },
        { staffId: 3, active: true },
        { staffId: 6, active: false },
      ],
      [
        { staffId: 4, active: true },
        { staffId: 2, active: true },
      ],
    );
    expect(ids).toEqual([2, 4]);
  });

  it("leaves out who blocked the bot and adds the reachable stand-ins only then", () => {
    const admins = [
      { staffId: 1, active: true },
      { staffId: 7, active: true, reachable: false },
    ];
    const coordinators = [
      { staffId: 2, active: true, reachable: false },
      { staffId: 5, active: true },
    ];
    expect(alertRecipientIds(3, coordinators, [{ staffId: 4, active: true }], admins)).toEqual([5, 4, 1]);
    expect(alertRecipientIds(3, [{ staffId: 5, active: true }], [], admins)).toEqual([5]);
    // The reporter never gets their own alert, not even as a stand-in.
    expect(alertRecipientIds(1, [{ staffId: 2, active: true, reachable: false }], [], admins)).toEqual([]);
  });
});

describe("escalation rounds", () => {
  const settings = { delayMinutes: 15, maxResends: 2 };
  const recordedAt = new Date("2026-11-18T10:00:00Z");
  const at = (minutes: number) => new Date(recordedAt.getTime() + minutes * 60_000);
  const event = (severity: number, escalationCount = 0, status = "open") => ({
    severity,
    status,
    recordedAt,
    escalationCount,
  });

  it("never escalates severity 1–2, and severity 3 once, after the delay", () => {
    expect(dueEscalationRound(event(2), at(120), settings)).toBeNull();
    expect(dueEscalationRound(event(3), at(14), settings)).toBeNull();
    expect(dueEscalationRound(event(3), at(15), settings)).toBe(1);
    expect(dueEscalationRound(event(3, 1), at(60), settings)).toBeNull();
    expect(maxEscalationRounds(3, settings)).toBe(1);
  });

  it("re-sends severity 4 every 15 minutes up to the limit", () => {
    expect(dueEscalationRound(event(4), at(15), settings)).toBe(1);
    expect(dueEscalationRound(event(4, 1), at(29), settings)).toBeNull();
    expect(dueEscalationRound(event(4, 1), at(30), settings)).toBe(2);
    expect(dueEscalationRound(event(4, 2), at(45), settings)).toBe(3);
    expect(dueEscalationRound(event(4, 3), at(600), settings)).toBeNull();
  });

  it("sends only the latest due round after downtime, and nothing once acknowledged or closed", () => {
    expect(dueEscalationRound(event(4), at(40), settings)).toBe(2);
    expect(dueEscalationRound(event(4, 0, "acknowledged"), at(40), settings)).toBeNull();
    expect(dueEscalationRound(event(4, 0, "closed"), at(40), settings)).toBeNull();
  });
});
