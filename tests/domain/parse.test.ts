import { describe, expect, it } from "vitest";
import { parseItalianDate, parseMinutes, parseQuantity, parseTimeOfDay } from "../../src/domain/parse.ts";

describe("parseItalianDate", () => {
  it("reads the forms people type", () => {
    expect(parseItalianDate("03/11/2026", null)).toBe("2026-11-03");
    expect(parseItalianDate("3-11-26", null)).toBe("2026-11-03");
    expect(parseItalianDate("2026-11-03", null)).toBe("2026-11-03");
    expect(parseItalianDate(" 3.11.2026 ", null)).toBe("2026-11-03");
  });

  it("takes the most recent past date when the year is omitted", () => {
    expect(parseItalianDate("3/11", "2026-11-22")).toBe("2026-11-03");
    expect(parseItalianDate("24/12", "2026-11-22")).toBe("2025-12-24");
    expect(parseItalianDate("3/11", null)).toBeNull();
  });

  it("rejects impossible dates and other text", () => {
    expect(parseItalianDate("31/02/2026", null)).toBeNull();
    expect(parseItalianDate("29/02/2025", null)).toBeNull();
    expect(parseItalianDate("29/02/2024", null)).toBe("2024-02-29");
    expect(parseItalianDate("ieri sera", "2026-11-22")).toBeNull();
    expect(parseItalianDate("13/13/2026", null)).toBeNull();
  });
});

describe("parseMinutes", () => {
  it("reads minutes and hours", () => {
    expect(parseMinutes("45")).toBe(45);
    expect(parseMinutes("1h30")).toBe(90);
    expect(parseMinutes("2h")).toBe(120);
    expect(parseMinutes("1:15")).toBe(75);
    expect(parseMinutes("45′")).toBe(45);
    expect(parseMinutes("4 h 15′")).toBe(255);
    expect(parseMinutes("un'ora")).toBeNull();
  });
});

describe("parseTimeOfDay", () => {
  it("reads 24-hour times", () => {
    expect(parseTimeOfDay("9:05")).toBe("09:05");
    expect(parseTimeOfDay("21.30")).toBe("21:30");
    expect(parseTimeOfDay("14")).toBe("14:00");
    expect(parseTimeOfDay("24:00")).toBeNull();
    expect(parseTimeOfDay("9:75")).toBeNull();
  });
});

describe("parseQuantity", () => {
  it("reads thousands with dots or spaces and decimals with a comma or a dot", () => {
    expect(["1500", "1.500", "1 500", "12,5", "12.5", "0", "1.234.567"].map(parseQuantity)).toEqual([
      1500, 1500, 1500, 12.5, 12.5, 0, 1234567,
    ]);
    expect(["", "-3", "tanti", "1,2,3", "12.5.1"].map(parseQuantity)).toEqual([null, null, null, null, null]);
  });
});
