// Property: whatever strangers, deactivated staff or out-of-scope staff type or tap (random text, /piano <code>,
// name fragments, forged buttons, taps on whatever they are shown), the names, codes and crisis notes of people
// outside their scope never appear in what the bot shows them: messages, buttons or pop-ups. The only way in is a
// completed break-the-glass grant, and a person so granted is then legitimately visible to that user alone.
// Only what the user typed themselves may come back (some flows echo the query). `npm test` runs a modest number
// of cases; PONTE_CHAOS=long runs many more.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/domain/roles.ts";
import { insertPerson, personInput } from "../../src/services/people.ts";
import { deactivateStaff } from "../../src/services/staff.ts";
import { addStaff } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { addShift, seedPlan } from "../helpers/plan-fixtures.ts";

const LONG = process.env.PONTE_CHAOS === "long";
const NUM_RUNS = LONG ? 400 : 30;
const PEOPLE = 16;

interface SecretPerson {
  id: number;
  code: string;
  givenName: string;
  familyName: string;
  crisisToken: string;
}

let harness: Harness;
const people: SecretPerson[] = [];
let secretSiteId = 0;
let otherSiteId = 0;
let otherProgrammeId = 0;
let nextTelegramId = 50_000;

// Distinctive words, so that any appearance in a reply is a leak and never a coincidence with the bot's own texts.
const word = (min: number, max: number) => fc.stringMatching(new RegExp(`^[a-z]{${min},${max}}$`));
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

beforeAll(async () => {
  harness = await startHarness();
  const { db } = harness.deps;
  const programme = await db.programme.create({
    data: { code: "p1", name: "Spazio Zero", funder: "CdA", startsOn: "2025-11-01", endsOn: "2027-04-30" },
  });
  const other = await db.programme.create({
    data: { code: "p2", name: "Altro", funder: "FSE+", startsOn: "2025-01-01", endsOn: "2027-12-31" },
  });
  otherProgrammeId = other.id;
  const secretSite = await db.site.create({
    data: { programmeId: programme.id, name: "Casa Segreta", kind: "housing", codePrefix: "QZX" },
  });
  const otherSite = await db.site.create({
    data: { programmeId: programme.id, name: "Centro Altrove", kind: "day_centre_outside", codePrefix: "WKY" },
  });
  secretSiteId = secretSite.id;
  otherSiteId = otherSite.id;
  const manager = await addStaff(harness.deps, { id: 40_001, firstName: "Gestore" }, [
    { role: "operator", siteId: secretSite.id },
  ]);
  const words =
    fc.sample(fc.uniqueArray(word(7, 11), { minLength: PEOPLE * 3, maxLength: PEOPLE * 3 }), {
      numRuns: 1,
      seed: 7,
    })[0] ?? [];
  for (let index = 0; index < PEOPLE; index++) {
    const [given, family, crisis] = words.slice(index * 3, index * 3 + 3) as [string, string, string];
    const data = personInput.parse({
      siteId: secretSite.id,
      givenName: capitalised(given),
      familyName: capitalised(family),
      legalStatus: "detained",
      intakeOn: "2026-01-15",
      caseManagerId: manager.id,
    });
    const created = await db.$transaction((tx) => insertPerson(tx, harness.deps, secretSite, data));
    await seedPlan(harness.deps, created.id, {
      crisis: { riskSigns: `segni ${crisis}`, whatToDo: `fare ${crisis}`, whomToCall: `chiamare ${crisis}` },
      goals: [{ area: "health", text: `obiettivo ${crisis}` }],
    });
    people.push({
      id: created.id,
      code: created.code,
      givenName: data.givenName,
      familyName: data.familyName,
      crisisToken: crisis,
    });
  }
});
afterAll(async () => {
  await harness.stop();
});

type ActorKind =
  | "stranger"
  | "deactivated"
  | "otherOperator"
  | "otherCoordinator"
  | "endedOnCall"
  | "futureOnCall"
  | "otherOnCall"
  | "otherAdmin";

/** A fresh user of the given kind; returns its staff id (null for strangers). */
async function makeActor(kind: ActorKind, telegramId: number): Promise<number | null> {
  const deps = harness.deps;
  const user = { id: telegramId, firstName: "Prova" };
  const staff = async (role: Role, siteId: number | null, programmeId: number | null = null) =>
    addStaff(deps, user, [{ role, siteId, programmeId }]);
  const now = deps.clock().getTime();
  const hour = 3600_000;
  switch (kind) {
    case "stranger":
      return null;
    case "deactivated": {
      // Was in scope (an operator of the people's own site) before being deactivated.
      const member = await staff("operator", secretSiteId);
      await deactivateStaff(deps, null, member.id);
      return member.id;
    }
    case "otherOperator":
      return (await staff("operator", otherSiteId)).id;
    case "otherCoordinator":
      return (await staff("coordinator", otherSiteId)).id;
    case "endedOnCall": {
      const member = await staff("on_call", secretSiteId);
      await addShift(deps, member.id, [secretSiteId], new Date(now - 13 * hour), new Date(now - 60_000));
      return member.id;
    }
    case "futureOnCall": {
      const member = await staff("on_call", secretSiteId);
      await addShift(deps, member.id, [secretSiteId], new Date(now + hour), new Date(now + 13 * hour));
      return member.id;
    }
    case "otherOnCall": {
      const member = await staff("on_call", otherSiteId);
      await addShift(deps, member.id, [otherSiteId], new Date(now - hour), new Date(now + hour));
      return member.id;
    }
    case "otherAdmin":
      return (await staff("admin", null, otherProgrammeId)).id;
  }
}

type Action =
  | { type: "send"; text: string }
  | { type: "press"; label: string }
  | { type: "callback"; data: string }
  | { type: "tap"; index: number };

function actionArbitrary(): fc.Arbitrary<Action> {
  const codes = people.map((p) => p.code);
  const names = people.flatMap((p) => [p.givenName, p.familyName]);
  const ids = people.map((p) => p.id);
  const probe = fc.oneof(
    fc.constantFrom(...codes),
    fc.constantFrom(...codes.map((code) => code.toLowerCase().replace("-", ""))),
    fc.constantFrom(...names).chain((name) => fc.integer({ min: 2, max: name.length }).map((n) => name.slice(0, n))),
    fc.constantFrom(...people.map((p) => p.crisisToken)),
    fc.string({ minLength: 1, maxLength: 40 }),
  );
  const anyText = fc.string({ minLength: 1, maxLength: 60 }).filter((t) => t.trim().length > 0);
  const command = fc
    .tuple(
      fc.constantFrom(
        "/piano",
        "/plan",
        "/audit",
        "/cerca",
        "/senzapiano",
        "/start",
        "/annulla",
        "/aiuto",
        "/sessione",
      ),
      fc.option(probe, { nil: undefined }),
    )
    .map(([name, arg]) => (arg ? `${name} ${arg}` : name));
  const planButton = fc
    .tuple(fc.constantFrom("card", "goals", "net", "hist", "name", "edit"), fc.constantFrom(...ids))
    .map(([what, id]) => `plan:${what}:${id}`);
  const otherData = fc.oneof(
    fc.constantFrom(...codes).map((code) => `plan:bg:${code}`),
    fc.nat(99_999).map((id) => `plan:card:${id}`),
    fc
      .tuple(word(1, 6), fc.nat(9), fc.constantFrom("c0", "c1", "back", "ok", "t0"))
      .map(([run, seq, action]) => `f:${run}:${seq}:${action}`),
    fc.string({ maxLength: 40 }),
  );
  return fc.oneof(
    { weight: 2, arbitrary: probe.filter((t) => t.trim().length > 0).map((t): Action => ({ type: "send", text: t })) },
    { weight: 1, arbitrary: anyText.map((t): Action => ({ type: "send", text: t })) },
    { weight: 3, arbitrary: command.map((t): Action => ({ type: "send", text: t })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("📁 Progetto (PEI)", "📝 Colloquio")
        .map((label): Action => ({ type: "press", label })),
    },
    { weight: 3, arbitrary: planButton.map((data): Action => ({ type: "callback", data })) },
    { weight: 1, arbitrary: otherData.map((data): Action => ({ type: "callback", data })) },
    { weight: 3, arbitrary: fc.nat(20).map((index): Action => ({ type: "tap", index })) },
  );
}

describe("plan data never leaks out of scope", () => {
  it("never shows names, codes or crisis notes of people outside the user's scope", {
    timeout: LONG ? 600_000 : undefined,
  }, async () => {
    const kinds: ActorKind[] = [
      "stranger",
      "deactivated",
      "otherOperator",
      "otherCoordinator",
      "endedOnCall",
      "futureOnCall",
      "otherOnCall",
      "otherAdmin",
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...kinds),
        fc.array(actionArbitrary(), { minLength: 1, maxLength: 6 }),
        async (kind, actions) => {
          const telegramId = nextTelegramId++;
          const staffId = await makeActor(kind, telegramId);
          const user = harness.user({ id: telegramId, firstName: "Prova" });
          const firstCall = harness.emulator.calls.length;
          for (const action of actions) {
            if (action.type === "send") await user.send(action.text);
            if (action.type === "press") await user.press(action.label);
            if (action.type === "callback")
              await user.sendCallback(action.data, user.messages().at(-1)?.messageId ?? 1);
            if (action.type === "tap") {
              const labels =
                user
                  .messages()
                  .at(-1)
                  ?.buttons.flat()
                  .map((b) => b.text) ?? [];
              const label = labels[action.index % Math.max(labels.length, 1)];
              if (label) await user.tap(label);
            }
          }
          const popups = harness.emulator.calls
            .slice(firstCall)
            .filter((call) => call.method === "answerCallbackQuery")
            .map((call) => String(call.body.text ?? ""));
          const shown = [user.transcript(), ...popups].join("\n").toLowerCase();
          const granted = new Set(
            staffId === null
              ? []
              : (
                  await harness.deps.db.breakGlassGrant.findMany({ where: { staffId }, select: { personId: true } })
                ).map((g) => g.personId),
          );
          // Echoing what the user typed discloses nothing: a secret counts only if the user did not type it.
          const typed = actions
            .flatMap((action) => (action.type === "send" ? [action.text.toLowerCase()] : []))
            .join("\n");
          // Random names can be substrings of each other ("Arguments" in a granted person's "aarguments" notes):
          // a secret that also stands inside what the user may see is no evidence of a leak.
          const allowed = people
            .filter((p) => granted.has(p.id))
            .flatMap((p) => [p.code, p.givenName, p.familyName, p.crisisToken])
            .join("\n")
            .toLowerCase();
          for (const person of people.filter((p) => !granted.has(p.id))) {
            for (const secret of [person.code, person.givenName, person.familyName, person.crisisToken]) {
              if (typed.includes(secret.toLowerCase()) || allowed.includes(secret.toLowerCase())) continue;
              expect(shown, `${kind} saw ${secret}`).not.toContain(secret.toLowerCase());
            }
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
