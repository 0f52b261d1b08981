// Links to a person's plan card (/start p_<code>, for coordinators' notes): staff allowed to see the person get the
// card, audited like any look-up; everyone else gets the same words as for a code that does not exist.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { planLinkPayload } from "../../src/domain/people.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { seedPlan } from "../helpers/plan-fixtures.ts";

let harness: Harness;
let world: World;

beforeEach(async () => {
  harness = await startHarness();
  world = await seedWorld(harness.deps);
});
afterEach(async () => {
  await harness.stop();
});

const mario = () => world.people[0] as World["people"][number];
const planViews = () => harness.deps.db.auditEntry.findMany({ where: { action: "plan.view" } });

describe("deep links to a plan card", () => {
  it("open the card for staff of the person's site, with an audit entry", async () => {
    await seedPlan(harness.deps, mario().id, {
      crisis: { riskSigns: "Si chiude in stanza", whatToDo: "Parlare con calma", whomToCall: "CPS Bollate" },
      approvedById: world.staff.coordinator.id,
    });
    const operator = harness.user(USERS.operator);
    await operator.send(`/start ${planLinkPayload(mario().code)}`);
    expect(operator.messages()).toHaveLength(1);
    expect(operator.lastMessage().text).toContain(`📁 ${mario().code} · Mario R.`);
    expect(operator.lastMessage().text).toContain("Parlare con calma");
    const views = await planViews();
    expect(views.map((v) => [v.actorId, v.subjectId])).toEqual([[world.staff.operator.id, mario().code]]);
  });

  it("refuse staff of other sites with the words for a code that does not exist, and record nothing", async () => {
    const outsider = harness.user(USERS.otherOperator);
    await outsider.send(`/start ${planLinkPayload(mario().code)}`);
    await outsider.send(`/start ${planLinkPayload("BOL-9999")}`);
    await outsider.send(`/start ${planLinkPayload("not-a-code")}`);
    const [hidden, missing, malformed] = outsider.messages();
    expect(hidden?.text).toContain("Nessun risultato tra le persone che puoi consultare.");
    expect(hidden?.text).toBe(missing?.text);
    expect(hidden?.buttons.flat().map((b) => b.text)).toEqual(missing?.buttons.flat().map((b) => b.text));
    expect(malformed?.text).toContain("Nessun risultato tra le persone che puoi consultare.");
    expect(outsider.transcript()).not.toContain("Mario");
    expect(await planViews()).toEqual([]);
  });

  it("tell strangers only that Ponte is by invitation", async () => {
    const stranger = harness.user(USERS.stranger);
    await stranger.send(`/start ${planLinkPayload(mario().code)}`);
    expect(stranger.lastMessage().text).toBe(
      "Ponte è ad accesso su invito. Chiedi un codice di invito al tuo coordinatore e invialo qui.",
    );
  });

  it("leave a plain /start to the welcome", async () => {
    const operator = harness.user(USERS.operator);
    await operator.send("/start");
    expect(operator.lastMessage().text).toContain("Ciao Omar");
  });
});
