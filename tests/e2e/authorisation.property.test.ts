// Property: strangers, deactivated staff (also deactivated in the middle of a flow), on-call staff after their shift
// ended and staff of other sites or programmes never receive the name, code, plan text, event description or session note of a person outside their
// scope — whatever command they send (with codes, name fragments or words of the records as arguments), whatever
// they type or tap, whatever buttons they forge or copy from messages the bot sent to authorised staff, and
// whatever the scheduled jobs (digests, reminders, reviews, escalations) send meanwhile. Checked in messages, edits,
// button labels, captions and pop-ups. A completed break-the-glass makes that one person visible to that user alone.
// Plan buttons in particular are also covered by plan-leak.property.test.ts. `npm test` runs a modest number of
// cases; `npm run test:chaos` (PONTE_CHAOS=long, tests/chaos/authorisation.test.ts) many more.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/domain/roles.ts";
import { localDate } from "../../src/domain/weeks.ts";
import { queueWeeklyDigests } from "../../src/jobs/digest.ts";
import { escalateOverdueEvents } from "../../src/jobs/escalation.ts";
import { queuePlanlessLists, queueReviewReminders } from "../../src/jobs/plan-reviews.ts";
import { queueDueReminders } from "../../src/jobs/reminders.ts";
import type { ChatUser } from "../../src/local/chat-user.ts";
import { deactivateStaff } from "../../src/services/staff.ts";
import { createTestClock } from "../helpers/database.ts";
import { addStaff } from "../helpers/fixtures.ts";
import {
  ALL_COMMANDS,
  attackArbitrary,
  ButtonPool,
  callsFor,
  deliver,
  everyKindOfButton,
  FUZZ_USERS,
  type FuzzWorld,
  type Input,
  inputArbitrary,
  MENU_LABELS,
  NAVIGATION,
  reactivate,
  refuseLikeTelegram,
  type SecretPerson,
  secretsOf,
  seedFuzzWorld,
  textsOf,
} from "../helpers/fuzz.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { addShift } from "../helpers/plan-fixtures.ts";

const LONG = process.env.PONTE_CHAOS === "long";
const NUM_RUNS = LONG ? 3_000 : 150;
/** A failure's seed, to replay its runs (PONTE_FUZZ_SEED=-1508785124 npx vitest run this file); new each run otherwise. */
const FUZZ_SEED = process.env.PONTE_FUZZ_SEED ? Number(process.env.PONTE_FUZZ_SEED) : undefined;

const KINDS = [
  "stranger",
  "deactivated",
  "deactivatedMidFlow",
  "otherOperator",
  "otherCoordinator",
  "otherOnCall",
  "onCallAfterShift",
  "otherAdmin",
] as const;
type Kind = (typeof KINDS)[number];
/** Kinds that work at Opera, and so may see the people there. */
const AT_OPERA: readonly Kind[] = ["otherOperator", "otherCoordinator", "otherOnCall"];

let harness: Harness;
let fuzzWorld: FuzzWorld;
let pool: ButtonPool;
let authorised: ChatUser[];
const authorisedChats = new Set<string>();
const logLines: string[] = [];
let nextTelegramId = 60_000;
const figures = { runs: 0, inputs: 0, replays: 0, jobRounds: 0, grants: 0 };

async function runJobs(): Promise<void> {
  const { deps } = harness;
  harness.clock.advance(5 * 60_000);
  await queueDueReminders(deps);
  await queueWeeklyDigests(deps, "0 8 * * 1");
  await queueReviewReminders(deps);
  await queuePlanlessLists(deps);
  await escalateOverdueEvents(deps, { delayMinutes: 15, maxResends: 2 });
  figures.jobRounds++;
}

/** Buttons of every kind in authorised chats: each staff member opens every command and taps through it. */
async function tourAsStaff(): Promise<void> {
  const codes = fuzzWorld.people.map((p) => p.code);
  const commands = ["presenze", "sessione", "evento", "eventi", "reperibilita", "piano", "senzapiano", "riepilogo"]
    .concat(["trimestrale", "laboratori", "correggi", "persona", "invito", "disattiva", "lingua"])
    .concat([`piano ${codes[0]}`, `piano ${codes[4]}`, `audit ${codes[1]}`]);
  const answers = ["Zefiro", "oggi", "10:00", "45", "Descrizione di prova del giro"];
  for (const [index, user] of authorised.entries()) {
    for (const command of commands) {
      for (const pickLast of index % 2 === 0 ? [false, true] : [true]) {
        await user.send(`/${command}`);
        for (let step = 0; step < 5; step++) {
          const latest = user.messages().findLast((m) => m.buttons.length > 0);
          const buttons = (latest?.buttons.flat() ?? []).filter((b) => !NAVIGATION.test(b.callback_data ?? ""));
          const button = pickLast ? buttons.at(-1) : buttons[0];
          if (latest && button?.callback_data) await user.sendCallback(button.callback_data, latest.messageId);
          else await user.send(answers[step % answers.length] as string);
        }
        await user.send("/annulla");
      }
    }
  }
}

beforeAll(async () => {
  // A Monday morning: the weekly digests are due, and today's workshop ended, so its reminder is due too.
  harness = await startHarness({ clock: createTestClock("2026-11-16T10:30:00+01:00"), logLines });
  refuseLikeTelegram(harness.emulator);
  fuzzWorld = await seedFuzzWorld(harness.deps);
  pool = new ButtonPool(harness.emulator);
  authorised = (["admin", "coordinator", "operator", "onCall", "otherOperator"] as const).map((name) =>
    harness.user(FUZZ_USERS[name]),
  );
  for (const user of authorised) authorisedChats.add(String(user.chatId));
  await runJobs();
  await tourAsStaff();
  harness.outbox.kick();
  await harness.outbox.idle();
});
afterAll(async () => {
  await harness?.stop();
});

/** A new user of the given kind; its staff id, or null for strangers. */
async function makeAttacker(kind: Kind, telegramId: number): Promise<number | null> {
  const { deps } = harness;
  const { bollate, opera } = fuzzWorld.world;
  const profile = { id: telegramId, firstName: "Prova" };
  const staff = async (role: Role, siteId: number | null, programmeId: number | null = null) =>
    (await addStaff(deps, profile, [{ role, siteId, programmeId }])).id;
  const now = deps.clock().getTime();
  switch (kind) {
    case "stranger":
      return null;
    case "deactivated": {
      // Was in scope (an operator at Bollate) until deactivated.
      const id = await staff("operator", bollate.id);
      await deactivateStaff(deps, null, id);
      return id;
    }
    case "deactivatedMidFlow":
      return staff("operator", bollate.id);
    case "otherOperator":
      return staff("operator", opera.id);
    case "otherCoordinator":
      return staff("coordinator", opera.id);
    case "otherOnCall": {
      const id = await staff("on_call", opera.id);
      await addShift(deps, id, [opera.id], new Date(now - 3600_000), new Date(now + 3600_000));
      return id;
    }
    case "onCallAfterShift": {
      // On the Bollate rota, but the clock is past the end of the shift: the role alone gives nothing.
      const id = await staff("on_call", bollate.id);
      await addShift(deps, id, [bollate.id], new Date(now - 9 * 3600_000), new Date(now - 1000));
      return id;
    }
    case "otherAdmin":
      return staff("admin", null, fuzzWorld.otherProgrammeId);
  }
}

/** The sites whose people this kind of user may see: where their role gives them the right. */
async function sitesInScope(kind: Kind): Promise<Set<number>> {
  if (AT_OPERA.includes(kind)) return new Set([fuzzWorld.world.opera.id]);
  if (kind !== "otherAdmin") return new Set();
  const sites = await harness.deps.db.site.findMany({ where: { programmeId: fuzzWorld.otherProgrammeId } });
  return new Set(sites.map((site) => site.id));
}

const normalised = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The secrets of `person` found in `shown`, leaving out what the user typed themselves (replies may echo it). */
function leakedSecrets(person: SecretPerson, shown: string, typed: string): string[] {
  return secretsOf(person).filter((secret) => {
    if (normalised(typed).includes(normalised(secret))) return false;
    // Tokens are lower case and unique; names are matched as whole words ("Rossi" is not in "prossimo").
    if (person.tokens.includes(secret)) return shown.toLowerCase().includes(secret);
    return new RegExp(`(?<![\\p{L}\\p{N}])${escaped(secret)}(?![\\p{L}\\p{N}])`, "u").test(shown);
  });
}

const describeInput = (input: Input) =>
  input.kind === "text" ? `text ${JSON.stringify(input.text.slice(0, 60))}` : JSON.stringify(input);

/**
 * Fails if the bot crashed since `logFrom`, or showed `attacker` (since `windowStart`: messages, edits, labels,
 * captions, pop-ups) a secret of someone outside their scope and not granted to them by break-the-glass.
 */
async function assertNothingLeaked(
  kind: Kind,
  staffId: number | null,
  attacker: ChatUser,
  window: { windowStart: number; logFrom: number; typed: string[]; inputs: Input[] },
): Promise<void> {
  harness.outbox.kick();
  await harness.outbox.idle();
  const crash = logLines.slice(window.logFrom).find((line) => line.includes('"level":50'));
  if (crash) throw new Error(`${kind}: the bot logged an error: ${crash.slice(0, 600)}`);
  const { toChat, popups } = callsFor(harness.emulator.calls.slice(window.windowStart), attacker.chatId);
  const shown = [...toChat, ...popups].flatMap(textsOf).join("\n");
  const granted = new Set(
    staffId === null
      ? []
      : (await harness.deps.db.breakGlassGrant.findMany({ where: { staffId }, select: { personId: true } })).map(
          (grant) => grant.personId,
        ),
  );
  figures.grants += granted.size;
  // Where people are now: staff in scope may have transferred someone since the world was seeded.
  const inScope = await sitesInScope(kind);
  const currentSites = await harness.deps.db.personSite.findMany({
    where: { toOn: null },
    select: { personId: true, siteId: true },
  });
  const visible = new Set(currentSites.filter((period) => inScope.has(period.siteId)).map((period) => period.personId));
  const outOfScope = fuzzWorld.people.filter((p) => !granted.has(p.id) && !visible.has(p.id));
  for (const person of outOfScope) {
    const leaked = leakedSecrets(person, shown, window.typed.join("\n"));
    if (leaked.length > 0)
      throw new Error(
        `${kind} saw ${leaked.join(", ")} of ${person.code} after ${window.inputs.map(describeInput).join(" → ")}\n` +
          shown.slice(0, 1500),
      );
  }
}

describe("nothing about people leaks out of scope", () => {
  it("refuses every command and every kind of button to every kind of outsider", async () => {
    // One example of each kind of button staff were sent (a flow prompt's choice, "ses:undo:…", "plan:card:…"…),
    // and one of each kind made about seeded records.
    const examples = new Map<string, string>();
    pool.refresh();
    for (const entry of pool.entries) {
      const [prefix, second] = entry.data.split(":");
      const shape = prefix === "f" ? `f:${entry.data.split(":").at(-1)?.replace(/\d+/g, "")}` : `${prefix}:${second}`;
      if (authorisedChats.has(entry.chatId) && !examples.has(shape)) examples.set(shape, entry.data);
    }
    expect([...examples.keys()]).toEqual(
      expect.arrayContaining(["f:c", "f:t", "f:ok", "plan:card", "ev:ack", "att:open"]),
    );
    const today = localDate(harness.deps.clock(), harness.deps.timeZone);
    const buttons = [...examples.values(), ...everyKindOfButton(fuzzWorld, today)];
    const code = fuzzWorld.people[0]?.code as string;
    const inputs: Input[] = [...ALL_COMMANDS.flatMap((name) => [`/${name}`, `/${name} ${code}`]), ...MENU_LABELS].map(
      (text): Input => ({ kind: "text", text, hostile: true }),
    );
    inputs.push(...buttons.map((data): Input => ({ kind: "forged", data, at: 0 })));
    console.info(`sweep: ${inputs.length} inputs for each of ${KINDS.length} kinds of outsider`);
    for (const kind of KINDS) {
      const telegramId = nextTelegramId++;
      const staffId = await makeAttacker(kind, telegramId);
      const attacker = harness.user({ id: telegramId, firstName: "Prova" });
      if (kind === "deactivatedMidFlow") {
        await attacker.send("/sessione");
        await deliver(attacker, { kind: "tap", pick: 0, forward: true }, pool);
        await deactivateStaff(harness.deps, null, staffId as number);
      }
      const windowStart = harness.emulator.calls.length;
      const logFrom = logLines.length;
      // Each button is tapped on a message of the attacker's own chat, as a modified client could.
      await attacker.send("/start");
      const typed: string[] = [];
      for (const input of inputs) typed.push((await deliver(attacker, input, pool)) ?? "");
      await assertNothingLeaked(kind, staffId, attacker, { windowStart, logFrom, typed, inputs });
    }
  });
  it("shows outsiders no name, code, plan text, event description or note of anyone outside their scope", {
    timeout: LONG ? 480_000 : undefined,
  }, async () => {
    const staffToKeep = Object.values(fuzzWorld.world.staff).map((s) => s.id);
    const details = await fc.check(
      fc.asyncProperty(
        fc.constantFrom(...KINDS),
        fc.nat(authorised.length - 1),
        fc.array(inputArbitrary(fuzzWorld), { maxLength: 3 }),
        fc.array(attackArbitrary(fuzzWorld), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 24 }),
        async (kind, helperIndex, staffInputs, attack, jobsRoll) => {
          const telegramId = nextTelegramId++;
          const staffId = await makeAttacker(kind, telegramId);
          const attacker = harness.user({ id: telegramId, firstName: "Prova" });
          // Authorised staff keep working meanwhile (fresh buttons to copy, alerts going out); the one deactivated
          // mid-flow works first, in scope, and is deactivated with a flow open.
          const worker = kind === "deactivatedMidFlow" ? attacker : (authorised[helperIndex] as ChatUser);
          for (const input of staffInputs) await deliver(worker, input, pool);
          if (kind === "deactivatedMidFlow") await deactivateStaff(harness.deps, null, staffId as number);
          await reactivate(harness.deps, staffToKeep);
          const windowStart = harness.emulator.calls.length;
          const logFrom = logLines.length;
          if (jobsRoll === 0) await runJobs();
          const typed: string[] = [];
          for (const input of attack) {
            typed.push((await deliver(attacker, input, pool, (chatId) => authorisedChats.has(chatId))) ?? "");
            figures.inputs++;
            if (input.kind === "replay") figures.replays++;
          }
          await assertNothingLeaked(kind, staffId, attacker, { windowStart, logFrom, typed, inputs: attack });
          figures.runs++;
        },
      ),
      { numRuns: NUM_RUNS, endOnFailure: true, seed: FUZZ_SEED },
    );
    if (details.failed)
      throw new Error(`run ${details.numRuns} (seed ${details.seed}): ${(details.errorInstance as Error).message}`);
    console.info(
      `authorisation: ${figures.runs} runs, ${figures.inputs} attacker inputs (${figures.replays} copied buttons), ` +
        `${pool.entries.length} distinct buttons in the pool, ${figures.jobRounds} job rounds, ${figures.grants} break-the-glass grants`,
    );
    expect(figures.runs).toBe(NUM_RUNS);
  });
});
