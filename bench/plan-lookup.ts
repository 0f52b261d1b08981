// `/piano <code>` as an operator uses it: search in scope, card build (decrypting the plan) and the audit write.
import { lookupReply } from "../src/bot/features/plans/render.ts";
import { translatorFor } from "../src/i18n.ts";
import type { ServiceDeps } from "../src/services/deps.ts";
import { lookupPlan } from "../src/services/plans.ts";
import { findStaffById } from "../src/services/staff.ts";
import { seededRandom } from "./generate.ts";

export interface PlanLookupResult {
  lookups: number;
  p50Ms: number;
  p95Ms: number;
  cards: number;
}

export async function measurePlanLookups(deps: ServiceDeps, lookups = 300): Promise<PlanLookupResult> {
  const t = translatorFor("it");
  const random = seededRandom(11);
  const operators = await deps.db.staff.findMany({
    where: { memberships: { some: { role: "operator" } } },
    select: { id: true, memberships: { select: { siteId: true } } },
    take: 20,
  });
  const timings: number[] = [];
  let cards = 0;
  for (let i = 0; i < lookups; i++) {
    const operator = operators[i % operators.length];
    const actor = operator && (await findStaffById(deps, operator.id));
    const siteId = operator?.memberships[0]?.siteId;
    if (!actor || !siteId) continue;
    const people = await deps.db.personSite.findMany({
      where: { siteId },
      select: { person: { select: { code: true } } },
      take: 50,
    });
    const code = people[Math.floor(random() * people.length)]?.person.code;
    if (!code) continue;
    const started = performance.now();
    const outcome = await lookupPlan(deps, actor.actor, code.toLowerCase());
    const reply = lookupReply(outcome, t);
    timings.push(performance.now() - started);
    if (outcome.kind === "card" && reply.text.length > 0) cards++;
  }
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return { lookups: sorted.length, p50Ms: at(50), p95Ms: at(95), cards };
}
