// The digest as chat text: long digests split under Telegram's limit at section boundaries, labels in both languages.
import { describe, expect, it } from "vitest";
import { computeDigest, DIGEST_COUNT_CODES } from "../../../src/domain/digest.ts";
import type { DigestInput } from "../../../src/domain/digest.ts";
import type { DigestView } from "../../../src/services/reports/digest-view.ts";
import { translatorFor } from "../../../src/i18n.ts";
import { renderDigestText, splitIntoMessages } from "../../../src/services/reports/digest-text.ts";

const SITE = 1;
const WEEK = "2026-W12";

/** A site with `people` in charge since 2025 and no session: each shows up in two lists (no contact, no plan). */
function crowdedView(people: number): DigestView {
  const input: DigestInput = {
    sessions: [],
    attendance: [],
    people: Array.from({ length: people }, (_, index) => ({
      id: index + 1,
      sites: [{ siteId: SITE, fromOn: "2025-06-01", toOn: null }],
      intakeOn: "2025-06-01",
      dischargeOn: null,
      legalStatuses: [{ status: "detained", fromOn: "2025-06-01" }],
    })),
    plans: [],
    events: [],
    internships: [],
    hires: [],
    referrals: [],
    stays: [],
    staff: [],
    activities: [],
  };
  return {
    target: { kind: "site", id: SITE },
    scopeName: "CR Milano-Bollate",
    report: computeDigest(input, { kind: "site", siteId: SITE }, WEEK),
    chart: [],
    personCodes: Object.fromEntries(input.people.map((p) => [p.id, `BOL-${String(p.id).padStart(4, "0")}`])),
    activityNames: {},
    staffNames: {},
    unreachableStaff: [],
    breakGlassReads: [],
    releases: [],
    firstContact: { measured: 0, within: 0, rate: null, withoutContact: [] },
  };
}

describe("renderDigestText", () => {
  it("splits a long digest into messages under 4096 characters, between lines, each after the first saying it continues", () => {
    const view = crowdedView(900);
    const messages = renderDigestText(view, translatorFor("it"), "it");
    expect(messages.length).toBeGreaterThan(2);
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(4096);
    expect(messages[0]?.startsWith("📊 Riepilogo settimanale · CR Milano-Bollate\nSettimana 2026-W12")).toBe(true);
    for (const message of messages.slice(1)) {
      expect(message.startsWith("📊 Riepilogo settimanale · CR Milano-Bollate · 2026-W12 (segue)\n\n")).toBe(true);
    }
    // Every code shows up exactly twice (no contact, no plan): nothing lost, nothing cut in half.
    const all = messages.join("\n");
    for (const code of Object.values(view.personCodes)) {
      expect(all.match(new RegExp(`${code}(?!\\d)`, "g"))).toHaveLength(2);
    }
    expect(all).toContain("Persone senza contatti da 14+ giorni: 900 (=)");
    expect(all).toContain("Persone senza Progetto (PEI) attivo: 900 (=)");
    // Small sections stay whole: each section title sits in the same message as its first figure.
    for (const [title, firstLine] of [
      ["🚨 Eventi critici", "Eventi critici: 0 (=)"],
      ["🧭 Percorsi della settimana", "Nuove segnalazioni: 0 (=)"],
      ["🗂 Registrazioni", "Operatori senza registrazioni: 0 (=)"],
    ]) {
      expect(messages.filter((message) => message.includes(`${title}\n${firstLine}`))).toHaveLength(1);
    }
  });

  it("keeps a short digest in one message, and shows a missing attendance rate as a dash without a change", () => {
    const messages = renderDigestText(crowdedView(3), translatorFor("en"), "en");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("Attendance rate: —\n");
    expect(messages[0]).toContain("People with no contact for 14+ days: 3 (=)\n   BOL-0001, BOL-0002, BOL-0003");
  });

  it("has a label for every figure in Italian and English", () => {
    for (const locale of ["it", "en"]) {
      const [text] = renderDigestText(crowdedView(1), translatorFor(locale), locale);
      for (const code of DIGEST_COUNT_CODES) expect(text).not.toContain(`digest-count-${code}`);
      expect(text).not.toMatch(/digest-[a-z-]+/);
    }
  });
});

describe("splitIntoMessages", () => {
  it("packs whole sections while they fit and starts a new message with the continuation line when not", () => {
    const a = "A".repeat(40);
    const b = "B".repeat(40);
    const c = `${"C".repeat(30)}\n${"D".repeat(30)}`;
    expect(splitIntoMessages([a, b], 100, "(cont.)")).toEqual([`${a}\n\n${b}`]);
    expect(splitIntoMessages([a, b, c], 100, "(cont.)")).toEqual([`${a}\n\n${b}`, `(cont.)\n\n${c}`]);
  });

  it("cuts a section longer than a message between its lines", () => {
    const lines = Array.from({ length: 10 }, (_, index) => `${index}`.repeat(20));
    const messages = splitIntoMessages([lines.join("\n")], 70, "(c)");
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(70);
    expect(
      messages
        .join("\n")
        .replace(/\(c\)\n\n/g, "")
        .split("\n"),
    ).toEqual(lines);
  });
});
