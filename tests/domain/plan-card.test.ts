// The plan card as text: what it shows, in which order, and how it shrinks to fit Telegram's limit.
import { describe, expect, it } from "vitest";
import {
  clip,
  fitSections,
  formatDay,
  goalsPageText,
  historyPageText,
  type PlanCardFacts,
  planCardText,
  TELEGRAM_TEXT_LIMIT,
  type Translate,
} from "../../src/domain/plan-card.ts";

// Shows the message id and its parameters, so the tests read the structure without depending on the locale files.
const t: Translate = (key, params) =>
  params
    ? `${key}(${Object.entries(params)
        .map(([k, v]) => `${k}=${v}`)
        .join(",")})`
    : key;

function facts(overrides: Partial<PlanCardFacts> = {}): PlanCardFacts {
  return {
    code: "BOL-0001",
    shortName: "Mario R.",
    legalStatus: "detained",
    siteNames: ["CR Milano-Bollate"],
    caseManager: { name: "Omar Operatore", phone: "+39 333 000 0000" },
    plan: {
      version: 2,
      approvedBy: "Carla Coordinatrice",
      approvedOn: "2026-11-10",
      reviewOn: "2027-01-15",
      crisis: { riskSigns: "Chiusura, insonnia", whatToDo: "Parlargli con calma", whomToCall: "CPS 02 123" },
      network: [{ service: "CPS Bollate", referent: "dott.ssa Verdi", phone: "02 1234567" }],
      activeGoals: [{ area: "work", text: "Tirocinio in cucina", status: "open", targetOn: "2027-03-01" }],
    },
    lastContacts: [{ on: "2026-11-12", kind: "individual_educational" }],
    recentEvents: [{ on: "2026-11-01", kind: "psychiatric_crisis", severity: 3 }],
    today: "2026-11-18",
    via: "site",
    ...overrides,
  };
}

describe("planCardText", () => {
  it("shows the header, crisis notes, network, events, goals, contacts and review in that order", () => {
    const text = planCardText(facts(), t);
    const order = [
      "📁 BOL-0001 · Mario R.",
      "legal-detained · CR Milano-Bollate",
      "plans-card-case-manager(name=Omar Operatore,phone=+39 333 000 0000)",
      "plans-card-version-approved(version=2,name=Carla Coordinatrice,date=10/11/2026)",
      "plans-crisis-risk-signs(text=Chiusura, insonnia)",
      "plans-crisis-whom-to-call(text=CPS 02 123)",
      "• CPS Bollate · dott.ssa Verdi · 02 1234567",
      "• 01/11/2026 · events-kind-psychiatric_crisis · plans-event-severity(severity=3)",
      "• plans-area-work: Tirocinio in cucina plans-goal-target(date=01/03/2027)",
      "• 12/11/2026 · plans-contact-kind-individual_educational",
      "plans-card-review(date=15/01/2027)",
    ];
    const positions = order.map((part) => text.indexOf(part));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).not.toContain("plans-card-break-glass");
  });

  it("flags an overdue review, a missing plan and an extraordinary access", () => {
    const overdue = facts();
    if (overdue.plan) overdue.plan.reviewOn = "2026-11-17";
    expect(planCardText(overdue, t)).toContain("plans-card-review-overdue(date=17/11/2026)");
    const none = planCardText(facts({ plan: null, via: "break_glass", caseManager: null }), t);
    expect(none).toContain("plans-card-no-plan");
    expect(none).toContain("plans-card-no-case-manager");
    expect(none).toContain("plans-card-break-glass");
    expect(none).toContain("plans-card-review-none");
  });

  it("fits a huge plan within 4096 characters, keeping the crisis notes and saying what it hides", () => {
    const long = "x".repeat(5000);
    const huge = facts({
      lastContacts: Array.from({ length: 3 }, () => ({ on: "2026-11-12", kind: "home_visit" })),
      recentEvents: Array.from({ length: 40 }, () => ({ on: "2026-11-01", kind: "self_harm", severity: 4 })),
    });
    if (huge.plan) {
      huge.plan.crisis = { riskSigns: long, whatToDo: long, whomToCall: long };
      huge.plan.network = Array.from({ length: 80 }, (_, i) => ({
        service: `Servizio ${i} ${long}`,
        referent: long,
        phone: "02 1",
      }));
      huge.plan.activeGoals = Array.from({ length: 200 }, () => ({
        area: "health",
        text: long,
        status: "open",
        targetOn: null,
      }));
    }
    const text = planCardText(huge, t);
    expect(text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(text).toContain("📁 BOL-0001 · Mario R.");
    expect(text).toContain("plans-crisis-whom-to-call(text=xxx");
    expect(text).toContain("plans-card-review(date=15/01/2027)");
    expect(text).toMatch(/plans-card-more\(count=\d+\)/);
  });
});

describe("fitSections", () => {
  const more = (hidden: number) => `+${hidden}`;

  it("leaves text that fits untouched", () => {
    expect(fitSections([{ title: "A", lines: ["1", "2"], priority: 1 }], 100, more)).toBe("A\n1\n2");
  });

  it("drops lines from the lowest-priority section first, from its end", () => {
    const text = fitSections(
      [
        { title: "High", lines: ["aaaa", "bbbb"], priority: 9 },
        { title: "Low", lines: ["cccc", "dddd", "eeee"], priority: 1 },
      ],
      30,
      more,
    );
    expect(text).toBe("High\naaaa\nbbbb\n\nLow\ncccc\n+2");
  });

  it("never returns more than the limit, even when nothing may be dropped", () => {
    const text = fitSections([{ title: null, lines: ["y".repeat(500)], priority: 1, keep: 1 }], 100, more);
    expect(text).toHaveLength(100);
    expect(text.endsWith("…")).toBe(true);
  });
});

describe("helpers and pages", () => {
  it("formats dates and clips long lines", () => {
    expect(formatDay("2027-01-05")).toBe("05/01/2027");
    expect(clip("  a\n  b  ")).toBe("a b");
    expect(clip("abcdefghij", 5)).toBe("abcd…");
  });

  it("lists every goal with its status and the interventions on the goals page", () => {
    const text = goalsPageText(
      {
        code: "BOL-0001",
        shortName: "Mario R.",
        generalObjective: "Uscire con una casa e un lavoro",
        goals: [{ area: "housing", text: "Casa", status: "achieved", targetOn: null }],
        interventions: [{ area: "work", what: "Orientamento", who: "Omar", frequency: "settimanale" }],
        signedByPersonOn: "2026-11-02",
      },
      t,
    );
    expect(text).toContain("Uscire con una casa e un lavoro");
    expect(text).toContain("• plans-area-housing: Casa [plans-goal-status-achieved]");
    expect(text).toContain("• plans-area-work: Orientamento · Omar · settimanale");
    expect(text).toContain("plans-signed-on(date=02/11/2026)");
  });

  it("lists versions newest first as given, marking the current one", () => {
    const text = historyPageText(
      {
        code: "BOL-0001",
        shortName: "Mario R.",
        versions: [
          { version: 2, status: "active", on: "2026-11-18", author: "Carla", change: "approve", approvedBy: "Carla" },
          { version: 1, status: "closed", on: "2026-11-17", author: null, change: "import", approvedBy: null },
        ],
      },
      t,
    );
    expect(text).toContain(
      "• v2 · 18/11/2026 · Carla · plans-change-approve · plans-history-approved(name=Carla) · plans-history-current",
    );
    expect(text).toContain("• v1 · 17/11/2026 · plans-history-import · plans-change-import");
  });
});
