// Property: whoever types or taps whatever — empty or 5,000-character text, emoji, right-to-left and control
// characters, SQL and HTML, forged buttons, stale ones, other users' ones — at whatever step of whatever flow, the bot
// never crashes (no "update failed"), answers every input with localised text Telegram would accept, writes nothing
// for strangers and deactivated staff, and the database invariants hold (tests/helpers/fuzz.ts).
// Conversation state is kept from one run to the next, so walks reach deep steps; shrinking is off for that reason
// (a smaller case would start from another state), and a failure reports the user, the input and what the bot said.
// `npm test` runs a few hundred cases; `npm run test:chaos` (PONTE_CHAOS=long, tests/chaos/fuzz.test.ts) 10,000+.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatUser } from "../../src/local/chat-user.ts";
import {
  ButtonPool,
  callsFor,
  deliver,
  FUZZ_USERS,
  type FuzzWorld,
  type Input,
  inputArbitrary,
  invariantViolations,
  isHostile,
  reactivate,
  refuseLikeTelegram,
  seedFuzzWorld,
  textsOf,
  unlocalisedFragments,
  writeCounts,
} from "../helpers/fuzz.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

const LONG = process.env.PONTE_CHAOS === "long";
const NUM_RUNS = LONG ? 10_000 : 300;

interface Player {
  name: string;
  user: ChatUser;
  /** Strangers and deactivated staff: nothing may be written for them. */
  outsider: boolean;
  /** In a group chat the bot stays silent except for commands and buttons. */
  group: boolean;
}

let harness: Harness;
let fuzzWorld: FuzzWorld;
let players: Player[];
let pool: ButtonPool;
let refusals: string[];
const logLines: string[] = [];
const figures = { runs: 0, inputs: 0, hostileInputs: 0, prompts: new Set<string>(), commands: new Set<string>() };

beforeAll(async () => {
  harness = await startHarness({ logLines });
  refusals = refuseLikeTelegram(harness.emulator);
  fuzzWorld = await seedFuzzWorld(harness.deps);
  harness.outbox.kick();
  pool = new ButtonPool(harness.emulator);
  const player = (name: keyof typeof FUZZ_USERS, outsider = false): Player => ({
    name,
    user: harness.user(FUZZ_USERS[name]),
    outsider,
    group: false,
  });
  players = [
    player("admin"),
    player("coordinator"),
    player("coordinator"),
    player("operator"),
    player("operator"),
    player("otherOperator"),
    player("onCall"),
    player("deactivated", true),
    player("stranger", true),
    {
      name: "operator in a group",
      user: harness.user(FUZZ_USERS.operator, { id: -100_777, type: "group", title: "Équipe" }),
      outsider: false,
      group: true,
    },
  ];
}, 60_000);
afterAll(async () => {
  await harness?.stop();
});

const shorten = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);
const describeInput = (input: Input) =>
  input.kind === "text" ? `text ${JSON.stringify(shorten(input.text, 60))}` : shorten(JSON.stringify(input), 120);

/** What went wrong with one input, or null: a crash, a refusal by Telegram, silence, or an unlocalised reply. */
function problemWith(player: Player, input: Input, typed: string | null, callsFrom: number, logFrom: number, refusalsFrom: number, allTyped: string): string | null {
  const errors = logLines.slice(logFrom).filter((line) => line.includes('"level":50') || line.includes("delivery failed"));
  if (errors.length > 0)
    return `the bot logged an error: ${shorten(errors[0] as string, 700)} (Telegram refused: ${refusals.slice(refusalsFrom).join(", ") || "nothing"})`;
  const { toChat, popups } = callsFor(harness.emulator.calls.slice(callsFrom), player.user.chatId);
  const isCallback = typed === null;
  const silentByDesign = player.group && !isCallback && !typed?.startsWith("/");
  if (!silentByDesign && (isCallback ? popups.length === 0 : toChat.length === 0))
    return isCallback ? "the button was not answered" : "the message got no reply";
  for (const call of [...toChat, ...popups]) {
    for (const text of textsOf(call)) {
      const fragments = unlocalisedFragments(text, allTyped);
      if (fragments.length > 0) return `unlocalised reply (${fragments.join(", ")}): ${shorten(text)}`;
    }
    const data = JSON.stringify(call.body.reply_markup ?? "");
    const text = String(call.body.text ?? "");
    if (data.includes('"f:')) figures.prompts.add(text.split("\n")[0]?.replace(/\d+/g, "#").slice(0, 60) ?? "");
  }
  void input;
  return null;
}

describe("fuzzing every flow", () => {
  it("never crashes, always answers in words, and keeps the database consistent", {
    timeout: LONG ? 480_000 : 60_000,
  }, async () => {
    const staffToKeep = Object.values(fuzzWorld.world.staff).map((s) => s.id);
    const details = await fc.check(
      fc.asyncProperty(
        fc.nat(players.length - 1),
        fc.array(inputArbitrary(fuzzWorld), { minLength: 1, maxLength: 4 }),
        async (index, inputs) => {
          const player = players[index] as Player;
          const before = player.outsider ? await writeCounts(harness.deps) : null;
          let allTyped = "";
          for (const input of inputs) {
            const callsFrom = harness.emulator.calls.length;
            const logFrom = logLines.length;
            const refusalsFrom = refusals.length;
            const typed = await deliver(player.user, input, pool);
            allTyped += `\n${typed ?? ""}`;
            figures.inputs++;
            if (isHostile(input)) figures.hostileInputs++;
            if (typed?.startsWith("/") && !player.outsider) figures.commands.add(typed.split(/[\s@]/)[0] as string);
            const problem = problemWith(player, input, typed, callsFrom, logFrom, refusalsFrom, allTyped);
            if (problem) {
              const said = player.user.messages().at(-1)?.text ?? "";
              throw new Error(
                `${player.name} sent ${describeInput(input)}: ${problem}\nlast bot message: ${shorten(said)}`,
              );
            }
          }
          const violations = await invariantViolations(harness.deps);
          if (violations.length > 0) throw new Error(`after ${player.name}'s inputs: ${violations.join("; ")}`);
          if (before) expect(await writeCounts(harness.deps), `${player.name} caused a write`).toEqual(before);
          await reactivate(harness.deps, staffToKeep);
          figures.runs++;
        },
      ),
      { numRuns: NUM_RUNS, endOnFailure: true },
    );
    // Reported by hand: fast-check would print the whole counterexample, 5,000-character texts included.
    if (details.failed)
      throw new Error(`run ${details.numRuns} (seed ${details.seed}): ${(details.errorInstance as Error).message}`);
    console.info(
      `fuzz: ${figures.runs} runs, ${figures.inputs} inputs (${figures.hostileInputs} hostile), ` +
        `${figures.prompts.size} distinct flow prompts, ${figures.commands.size} commands`,
    );
    if (process.env.FUZZ_DEBUG) console.info([...figures.prompts].sort().join("\n"));
    // Walks must reach into the flows, not bounce off their first question.
    expect(figures.prompts.size).toBeGreaterThan(LONG ? 80 : 30);
  });
});
