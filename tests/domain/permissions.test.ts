import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROLES } from "../../src/domain/roles.ts";
import {
  type Actor,
  canDeactivate,
  canPrepareRelease,
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

  it("lets the team of a site that handed the person over read, and nobody else through it", () => {
    const person = { siteIds: [3] };
    const handedOver = { ...noAccess, handedOverFromSiteIds: [1] };
    expect(canSeePerson(operator, person, sites, handedOver)).toBe(true);
    expect(canSeePerson(coordinator, person, sites, handedOver)).toBe(true);
    expect(canSeePerson(onCall, person, sites, handedOver)).toBe(false);
    expect(canSeePerson(operator, person, sites, noAccess)).toBe(false);
    expect(
      canSeePerson(actor(7, [{ role: "operator", siteId: 2, programmeId: null }]), person, sites, handedOver),
    ).toBe(false);
  });

  it("grants reading through a handover exactly to operators and coordinators of a sending site (property)", () => {
    const membership = fc.record({
      role: fc.constantFrom(...ROLES),
      siteId: fc.option(fc.constantFrom(1, 2, 3), { nil: null }),
      programmeId: fc.option(fc.constantFrom(10, 20), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(membership, { maxLength: 3 }),
        fc.boolean(),
        fc.subarray([1, 2, 3]),
        fc.subarray([1, 2, 3]),
        (memberships, active, personSites, sendingSites) => {
          const reader = actor(9, memberships, active);
          const person = { siteIds: personSites };
          const without = canSeePerson(reader, person, sites, noAccess);
          const withHandover = canSeePerson(reader, person, sites, {
            ...noAccess,
            handedOverFromSiteIds: sendingSites,
          });
          const worksAtSending = sites.some(
            (site) =>
              sendingSites.includes(site.id) &&
              (isAdmin(reader, site.programmeId) ||
                memberships.some((m) => m.siteId === site.id && (m.role === "operator" || m.role === "coordinator"))),
          );
          expect(withHandover).toBe(active && (without || worksAtSending));
        },
      ),
    );
  });

  it("lets the case manager, the network social worker and the site's coordinators prepare a release", () => {
    const release = { site: bollate, caseManagerId: 4, networkWorkerId: 7 };
    expect(canPrepareRelease(operator, release)).toBe(true);
    expect(canPrepareRelease(actor(7, []), release)).toBe(true);
    expect(canPrepareRelease(coordinator, release)).toBe(true);
    expect(canPrepareRelease(programmeAdmin, release)).toBe(true);
    expect(canPrepareRelease(onCall, release)).toBe(false);
    expect(canPrepareRelease(actor(8, [{ role: "operator", siteId: 1, programmeId: null }]), release)).toBe(false);
    expect(canPrepareRelease({ ...operator, active: false }, release)).toBe(false);
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
