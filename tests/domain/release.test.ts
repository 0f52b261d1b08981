import { describe, expect, it } from "vitest";
import {
  dueReleaseReminder,
  isComplete,
  isReleaseChange,
  missingItems,
  validConsentScope,
} from "../../src/domain/release.ts";

describe("release changes", () => {
  it("are a way out of prison, or the end of the sentence from anywhere", () => {
    expect(isReleaseChange("detained", "home_detention")).toBe(true);
    expect(isReleaseChange("semi_liberty", "probation_social_services")).toBe(true);
    expect(isReleaseChange("probation_social_services", "released")).toBe(true);
    expect(isReleaseChange(null, "released")).toBe(true);
    expect(isReleaseChange("detained", "semi_liberty")).toBe(false);
    expect(isReleaseChange("home_detention", "supervised_liberty")).toBe(false);
    expect(isReleaseChange("released", "released")).toBe(false);
  });
});

describe("release reminders", () => {
  const due = (today: string, openedOn = "2026-11-01") => dueReleaseReminder("2026-12-20", openedOn, today);

  it("fall due 30, 14, 7 and 2 days before, and stay due until the next milestone", () => {
    expect(due("2026-11-19")).toBeNull();
    expect(due("2026-11-20")).toBe(30);
    expect(due("2026-12-05")).toBe(30);
    expect(due("2026-12-06")).toBe(14);
    expect(due("2026-12-13")).toBe(7);
    expect(due("2026-12-18")).toBe(2);
    expect(due("2026-12-19")).toBe(2);
    expect(due("2026-12-20")).toBeNull();
  });

  it("skip the milestones already past when the checklist opened", () => {
    expect(due("2026-11-25", "2026-11-25")).toBeNull();
    expect(due("2026-12-06", "2026-11-25")).toBe(14);
    // Opened on the milestone itself: the opening notice is that day's message.
    expect(due("2026-12-06", "2026-12-06")).toBeNull();
  });
});

const consent = (consentOn: string | null, consentWithdrawnOn: string | null = null) => ({
  consentOn,
  consentScope: consentOn ? "plan" : null,
  consentWithdrawnOn,
});

describe("missing items", () => {
  it("are every item of every service, or that no service is named", () => {
    expect(missingItems([])).toEqual({ noServices: true, services: [] });
    const missing = missingItems([
      { kind: "cps", hasContact: true, firstAppointmentOn: "2026-12-21", ...consent("2026-11-18") },
      { kind: "serd", hasContact: true, firstAppointmentOn: null, ...consent(null) },
    ]);
    expect(missing).toEqual({ noServices: false, services: [{ kind: "serd", missing: ["appointment", "consent"] }] });
    expect(isComplete(missing)).toBe(false);
    const uepe = { kind: "uepe", hasContact: true, firstAppointmentOn: "2026-12-21" };
    expect(isComplete(missingItems([{ ...uepe, ...consent("2026-12-01") }]))).toBe(true);
    // A withdrawn consent is missing again.
    expect(missingItems([{ ...uepe, ...consent("2026-12-01", "2026-12-03") }]).services).toEqual([
      { kind: "uepe", missing: ["consent"] },
    ]);
  });
});

describe("consent", () => {
  it("counts with its scope while not withdrawn", () => {
    expect(validConsentScope(consent(null))).toBeNull();
    expect(validConsentScope(consent("2026-12-01"))).toBe("plan");
    expect(validConsentScope({ ...consent("2026-12-01"), consentScope: "plan_and_events" })).toBe("plan_and_events");
    expect(validConsentScope(consent("2026-12-01", "2026-12-02"))).toBeNull();
  });
});
