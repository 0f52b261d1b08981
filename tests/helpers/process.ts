// Runs `npm start` (src/main.ts) as a real child process against the emulator, for start-up and crash tests.
import { type ChildProcess, spawn } from "node:child_process";
import type { BotApiEmulator } from "../../src/local/bot-api-emulator.ts";
import type { WaitForHandled } from "../../src/local/chat-user.ts";

export interface BotProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function spawnBot(env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", ...env },
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

/** For a bot in another process: an update counts as handled once the bot has answered and gone quiet. */
export function quietWaiter(emulator: BotApiEmulator, quietMs = 400, limitMs = 20_000): WaitForHandled {
  return async () => {
    const callsBefore = emulator.calls.length;
    const started = Date.now();
    let lastCount = callsBefore;
    let lastChange = Date.now();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const count = emulator.calls.length;
      if (count !== lastCount) {
        lastCount = count;
        lastChange = Date.now();
      }
      const answered = count > callsBefore;
      if (answered && Date.now() - lastChange >= quietMs) return;
      if (Date.now() - started > limitMs) throw new Error("the bot did not answer in time");
    }
  };
}

/** Waits until the child has started polling (its first getUpdates reaches the emulator). */
export async function waitForPolling(emulator: BotApiEmulator, bot: BotProcess, limitMs = 30_000): Promise<void> {
  const started = Date.now();
  const pollsBefore = emulator.polls;
  while (emulator.polls === pollsBefore) {
    if (Date.now() - started > limitMs) throw new Error(`bot did not start:\n${bot.output()}`);
    const code = bot.child.exitCode;
    if (code !== null) throw new Error(`bot exited with ${code}:\n${bot.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
