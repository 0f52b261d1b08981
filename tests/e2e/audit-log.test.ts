// /audit in words: every action the audit log can hold gets its own label in Italian and English, never a raw
// code or a missing translation, including entries of imports and of actions a newer version no longer writes.
import { sqlThrough } from "../../src/db/audit.ts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, auditActionLabel } from "../../src/domain/audit-actions.ts";
import { translate } from "../../src/i18n.ts";
import { recordAudit } from "../../src/services/audit.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

let harness: Harness;
let world: World;

beforeEach(async () => {
  harness = await startHarness();
  world = await seedWorld(harness.deps);
});
afterEach(() => harness.stop());

/** The actions in two halves: all of them no longer fit one message of 4096 characters. */
const HALVES = [
  AUDIT_ACTIONS.slice(0, Math.ceil(AUDIT_ACTIONS.length / 2)),
  AUDIT_ACTIONS.slice(Math.ceil(AUDIT_ACTIONS.length / 2)),
];

/** One entry of each action about Mario, an hour apart, the oldest first; then one of an action no longer written. */
async function everyAction(personId: number, actions: readonly string[]) {
  const start = new Date("2026-11-10T08:00:00+01:00").getTime();
  for (const [index, action] of actions.entries()) {
    await recordAudit(harness.deps.db, harness.deps.cipher, {
      actorId: world.staff.operator.id,
      action: action as (typeof AUDIT_ACTIONS)[number],
      subjectType: "person",
      personId,
      details: action === "activity.enrol" ? { via: "import" } : action === "plan.view" ? { page: "goals" } : {},
      at: new Date(start + index * 3600_000),
    });
  }
  await sqlThrough(harness.deps.db).run(
    `INSERT INTO "AuditEntry" ("at", "actorId", "action", "subjectType", "personId") VALUES (?, NULL, 'plan.legacy_thing', 'person', ?)`,
    new Date(start + 100 * 3600_000).toISOString(),
    personId,
  );
}

describe("/audit", () => {
  it.each([
    ["it", 0],
    ["en", 0],
    ["it", 1],
    ["en", 1],
  ] as const)("names every action in words (%s, half %i)", async (locale, half) => {
    const actions = HALVES[half] as readonly string[];
    const mario = world.people[0] as World["people"][number];
    await everyAction(mario.id, actions);
    await harness.deps.db.staff.update({ where: { id: world.staff.coordinator.id }, data: { locale } });
    const coordinator = harness.user(USERS.coordinator);
    await coordinator.send(`/audit ${mario.code}`);
    const text = coordinator.lastMessage().text;
    const lines = text.split("\n").filter((line) => line.startsWith("• "));
    expect(lines).toHaveLength(actions.length + 1);
    const label = (action: string) =>
      translate(locale, auditActionLabel(action), { page: translate(locale, "plans-audit-page-goals") });
    // Most recent first: the legacy entry, then every action in reverse order.
    expect(lines[0]).toContain(
      `· ${translate(locale, "plans-audit-system")} · ${translate(locale, "audit-action-unknown")}`,
    );
    [...actions].reverse().forEach((action, index) => {
      expect(lines[index + 1]).toMatch(new RegExp(`· Omar Operatore · ${literally(label(action))}`));
    });
    if (half === 0) {
      expect(text).toContain(`${label("activity.enrol")} ${translate(locale, "plans-audit-via-import")}`);
    } else expect(text).toContain(locale === "it" ? "ha letto: obiettivi" : "read: goals");
    expect(text).not.toMatch(/\b[a-z_]+\.[a-z_]+\b|\{|\}/);
  });
});

function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
