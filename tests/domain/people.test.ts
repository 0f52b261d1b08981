import { describe, expect, it } from "vitest";
import { isInCharge, nextPersonCode, normalisePersonCode, shortName } from "../../src/domain/people.ts";
import { formatInviteCode, INVITE_ALPHABET, normaliseInviteCode } from "../../src/domain/invites.ts";

describe("people", () => {
  it("shows first name and family-name initial only", () => {
    expect(shortName("Mario", "rossi")).toBe("Mario R.");
    expect(shortName(" Anna Maria ", "De Luca")).toBe("Anna Maria D.");
  });

  it("normalises typed codes", () => {
    expect(normalisePersonCode("bol-0042")).toBe("BOL-0042");
    expect(normalisePersonCode("BOL42")).toBeNull();
    expect(normalisePersonCode("bol0042")).toBe("BOL-0042");
    expect(normalisePersonCode("rossi")).toBeNull();
  });

  it("numbers codes after the highest of the site", () => {
    expect(nextPersonCode("BOL", ["BOL-0041", "BOL-0007", "OPE-0100"])).toBe("BOL-0042");
    expect(nextPersonCode("OPE", [])).toBe("OPE-0001");
  });

  it("knows who is in charge on a date", () => {
    const person = { intakeOn: "2026-03-01", dischargeOn: "2026-09-30" };
    expect(isInCharge(person, "2026-02-28")).toBe(false);
    expect(isInCharge(person, "2026-03-01")).toBe(true);
    expect(isInCharge(person, "2026-09-30")).toBe(false);
    expect(isInCharge({ intakeOn: "2026-03-01", dischargeOn: null }, "2030-01-01")).toBe(true);
  });
});

describe("invite codes", () => {
  it("are typable groups without look-alike characters and read back however typed", () => {
    const code = formatInviteCode(new Uint8Array(16).map((_, i) => i * 17));
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
    for (const char of code.replace(/-/g, "")) expect(INVITE_ALPHABET).toContain(char);
    expect(normaliseInviteCode(code.toLowerCase().replace(/-/g, " "))).toBe(code.replace(/-/g, ""));
    expect(normaliseInviteCode("OOOO-IIII-11")).toBeNull();
    expect(normaliseInviteCode("ABCD")).toBeNull();
  });
});
