// The legal position over time: the status in force on a date, during a range, and people counted by it.
import { describe, expect, it } from "vitest";
import {
  legalStatusGroup,
  legalStatusSpans,
  peopleByStatusOn,
  statusesDuring,
  statusOn,
} from "../../src/domain/legal-status.ts";

// Detained from intake, affidamento from 20 April, free from the end of the sentence on 1 December (decided ahead).
const periods = [
  { status: "probation_social_services", fromOn: "2026-04-20" },
  { status: "detained", fromOn: "2026-01-15" },
  { status: "released", fromOn: "2026-12-01" },
];

describe("statusOn", () => {
  it("gives the period in force on the day: from its effective date until the next one starts", () => {
    expect(statusOn(periods, "2026-01-14")).toBeNull();
    expect(statusOn(periods, "2026-01-15")).toBe("detained");
    expect(statusOn(periods, "2026-03-10")).toBe("detained");
    expect(statusOn(periods, "2026-04-19")).toBe("detained");
    expect(statusOn(periods, "2026-04-20")).toBe("probation_social_services");
    expect(statusOn(periods, "2026-05-05")).toBe("probation_social_services");
    expect(statusOn(periods, "2026-12-01")).toBe("released");
  });

  it("lists every status in force during a range, in order", () => {
    expect(statusesDuring(periods, "2026-04-01", "2026-06-30")).toEqual(["detained", "probation_social_services"]);
    expect(statusesDuring(periods, "2026-05-01", "2026-06-30")).toEqual(["probation_social_services"]);
    expect(statusesDuring(periods, "2025-12-01", "2026-01-31")).toEqual(["detained"]);
  });

  it("spans each period to the day the next one starts", () => {
    expect(legalStatusSpans(periods)).toEqual([
      { status: "detained", fromOn: "2026-01-15", untilOn: "2026-04-20" },
      { status: "probation_social_services", fromOn: "2026-04-20", untilOn: "2026-12-01" },
      { status: "released", fromOn: "2026-12-01", untilOn: null },
    ]);
  });

  it("groups statuses as funders count them; an age band is no status at all", () => {
    expect(["detained", "work_outside_art21", "semi_liberty"].map(legalStatusGroup)).toEqual([
      "detained",
      "detained",
      "detained",
    ]);
    expect(["probation_social_services", "home_detention", "probation_map"].map(legalStatusGroup)).toEqual([
      "external",
      "external",
      "external",
    ]);
    expect([legalStatusGroup("juvenile"), legalStatusGroup("released"), legalStatusGroup("young_adult")]).toEqual([
      "juvenile",
      "free",
      null,
    ]);
  });

  it("counts a person under the status of each fact's day", () => {
    const groups = peopleByStatusOn(
      [
        { personId: 1, on: "2026-03-10" },
        { personId: 1, on: "2026-05-05" },
        { personId: 2, on: "2026-05-05" },
      ],
      (personId) => (personId === 1 ? periods : [{ status: "probation_map", fromOn: "2026-01-01" }]),
    );
    expect(Object.fromEntries([...groups].map(([status, people]) => [status, [...people]]))).toEqual({
      detained: [1],
      probation_social_services: [1],
      probation_map: [2],
    });
  });
});
