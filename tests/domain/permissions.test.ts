import { describe, expect, it } from "vitest";
import {
  type Actor,
  canDeactivate,
  canInvite,
  canLogAt,
  canLogForPerson,
  canManageSite,
  canSeePerson,
  isAdmin,
  sitesWithRole,
} from "../../src/domain/permissions.ts";

const bollate = { id: 1, programmeId: 10 };
const opera = { id: 2, programmeId: 10 };
const other = { id: 3, programmeId: 20 };
const sites = [bollate, opera, other];

const actor = (staffId: number, memberships: Actor["memberships"], active = true): Actor => ({
  staffId,
  active,
  memberships,
});
const admin = actor(1, [{ role: "admin", siteId: null, programmeId: null }]);
const programmeAdmin = actor(2, [{ role: "admin", siteId: null, programmeId: 10 }]);
const coordinator = actor(3, [{ role: "coordinator", siteId: 1, programmeId: null }]);
const operator = actor(4, [{ role: "operator", siteId: 1, programmeId: null }]);
const onCall = actor(5, [{ role: "on_call", siteId: 1, programmeId: null }]);
const noAccess = { onCallSiteIds: [], hasBreakGlass: false };

describe("permissions", () => {
  it("gives admins every site of their programmes only", () => {
    expect(sitesWithRole(admin, sites, ["coordinator"]).map((s) => s.id)).toEqual([1, 2, 3]);
    expect(sitesWithRole(programmeAdmin, sites, ["coordinator"]).map((s) => s.id)).toEqual([1, 2]);
    expect(isAdmin(programmeAdmin, 20)).toBe(false);
  });

  it("lets operators and coordinators log at their own site only", () => {
    expect(canLogAt(operator, bollate)).toBe(true);
    expect(canLogAt(operator, opera)).toBe(false);
    expect(canLogAt(coordinator, bollate)).toBe(true);
    expect(canLogAt(onCall, bollate)).toBe(false);
  });

  it("lets only coordinators and admins manage a site", () => {
    expect(canManageSite(coordinator, bollate)).toBe(true);
    expect(canManageSite(operator, bollate)).toBe(false);
    expect(canManageSite(coordinator, opera)).toBe(false);
  });

  it("restricts invitations: admins invite admins, coordinators invite to their sites", () => {
    expect(canInvite(admin, "admin", null)).toBe(true);
    expect(canInvite(coordinator, "admin", null)).toBe(false);
    expect(canInvite(coordinator, "operator", bollate)).toBe(true);
    expect(canInvite(coordinator, "operator", opera)).toBe(false);
    expect(canInvite(operator, "operator", bollate)).toBe(false);
  });

  it("lets coordinators deactivate only non-admin staff whose sites are all theirs", () => {
    expect(canDeactivate(coordinator, operator, sites)).toBe(true);
    expect(canDeactivate(coordinator, admin, sites)).toBe(false);
    expect(canDeactivate(coordinator, actor(6, [{ role: "operator", siteId: 2, programmeId: null }]), sites)).toBe(
      false,
    );
    expect(canDeactivate(coordinator, coordinator, sites)).toBe(false);
    expect(canDeactivate(admin, coordinator, sites)).toBe(true);
  });

  it("lets a programme admin deactivate only staff of that programme's sites", () => {
    const elsewhere = actor(8, [{ role: "operator", siteId: 3, programmeId: null }]);
    expect(canDeactivate(programmeAdmin, operator, sites)).toBe(true);
    expect(canDeactivate(programmeAdmin, elsewhere, sites)).toBe(false);
    expect(canDeactivate(programmeAdmin, admin, sites)).toBe(false);
  });

  it("shows a person to own-site staff, to on-call staff of a current shift, or with break-the-glass", () => {
    const person = { siteIds: [1] };
    expect(canSeePerson(operator, person, sites, noAccess)).toBe(true);
    expect(canSeePerson(onCall, person, sites, noAccess)).toBe(false);
    expect(canSeePerson(onCall, person, sites, { onCallSiteIds: [1], hasBreakGlass: false })).toBe(true);
    const elsewhere = actor(7, [{ role: "operator", siteId: 2, programmeId: null }]);
    expect(canSeePerson(elsewhere, person, sites, noAccess)).toBe(false);
    expect(canSeePerson(elsewhere, person, sites, { onCallSiteIds: [], hasBreakGlass: true })).toBe(true);
  });

  it("takes every right away from deactivated staff", () => {
    const deactivated = { ...operator, active: false };
    expect(canLogAt(deactivated, bollate)).toBe(false);
    expect(canSeePerson(deactivated, { siteIds: [1] }, sites, { onCallSiteIds: [1], hasBreakGlass: true })).toBe(false);
    expect(isAdmin({ ...admin, active: false })).toBe(false);
  });

  it("lets staff log for a person only at one of the person's sites", () => {
    expect(canLogForPerson(operator, { siteIds: [1, 2] }, sites)).toBe(true);
    expect(canLogForPerson(operator, { siteIds: [2] }, sites)).toBe(false);
  });
});
