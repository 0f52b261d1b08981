// Runs `npm start` (the compiled dist/main.js) as a real child process against the emulator, for start-up and crash
// tests. The command comes from package.json, so the tests run exactly what `npm start` runs.
// Every wait is on something the process does (a line it prints, an update it marks handled, its exit), bounded by a
// generous limit that only a stuck process reaches.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../../src/db/client.ts";
import type { WaitForHandled } from "../../src/local/chat-user.ts";

/** The fixtures' instant (createTestClock's default): the process's clock starts there, whatever the real hour. */
export const PROCESS_CLOCK_START = "2026-11-18T10:00:00+01:00";
const READY_LINE = "start-up jobs done";
const LIMIT_MS = 120_000;
const POLL_MS = 20;

export interface BotProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** A `[VAR=value …] node …` script of package.json: the variables it sets, and Node's arguments. */
function nodeScript(script: string): { env: Record<string, string>; args: string[] } {
  const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
  const words = (scripts[script] ?? "").split(" ");
  const env: Record<string, string> = {};
  for (let word = words[0]; word?.includes("="); word = words[0]) {
    const [name = "", value = ""] = word.split("=");
    env[name] = value;
    words.shift();
  }
  const [command, ...args] = words;
  if (command !== "node") throw new Error(`npm run ${script} does not run node directly: ${scripts[script]}`);
  return { env, args };
}

/** The arguments of a `node …` script in package.json, to run with this test run's Node (20, 22 or 24). */
export function nodeScriptArgs(script: string): string[] {
  return nodeScript(script).args;
}

/** The environment variables a script of package.json sets before running node (`npm start`'s malloc tuning). */
export function nodeScriptEnv(script: string): Record<string, string> {
  return nodeScript(script).env;
}

export function spawnBot(env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, nodeScriptArgs("start"), {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      LOG_LEVEL: "info",
      CLOCK_START: PROCESS_CLOCK_START,
      ...nodeScriptEnv("start"),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Waits until the bot is polling and has sent what its jobs found due at the start (its readiness line). */
export function waitForReady(bot: BotProcess, limitMs = LIMIT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      bot.child.stdout?.off("data", onData);
      bot.child.off("exit", onExit);
      if (error) reject(error);
      else resolve();
    };
    const onData = () => {
      if (bot.output().includes(READY_LINE)) finish();
    };
    const onExit = (code: number | null) => finish(new Error(`bot exited with ${code}:\n${bot.output()}`));
    const timer = setTimeout(
      () => finish(new Error(`bot not ready in ${limitMs / 1000} s:\n${bot.output()}`)),
      limitMs,
    );
    bot.child.stdout?.on("data", onData);
    bot.child.once("exit", onExit);
    onData();
  });
}

/** Whether the bot has finished with each of these updates: it marks them handled in the database it shares. */
export async function allHandled(db: Db, updateIds: readonly number[]): Promise<boolean> {
  const count = await db.processedUpdate.count({ where: { updateId: { in: updateIds.map(BigInt) } } });
  return count === updateIds.length;
}

/** For a bot in another process: resolves once the bot has marked the update handled (it has answered by then). */
export function handledBy(db: Db, bot: () => BotProcess, limitMs = LIMIT_MS): WaitForHandled {
  return async (updateId) => {
    const started = Date.now();
    while (!(await allHandled(db, [updateId]))) {
      const { child, output } = bot();
      if (child.exitCode !== null) throw new Error(`bot exited with ${child.exitCode}:\n${output()}`);
      if (Date.now() - started > limitMs) throw new Error(`update ${updateId} not handled in ${limitMs / 1000} s`);
      await sleep(POLL_MS);
    }
  };
}
