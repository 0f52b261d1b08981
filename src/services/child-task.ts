// Heavy, occasional work (spreadsheets, letters, charts, a programme's digest and funder's figures) in a child process
// that exits when done: its libraries and its rows never enter the bot's process, whose resident size stays small.
import { fork, type Serializable } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildAnswer } from "./child-answer.ts";

/** The URL of a module next to `here`, with the same extension (.ts from sources under tsx, .js from dist/). */
export function moduleBeside(here: string, name: string): URL {
  return new URL(`./${name}${here.endsWith(".ts") ? ".ts" : ".js"}`, here);
}

/** Node's arguments to run a module: sources need the tsx loader (a dev dependency), the compiled build does not. */
export function loaderFor(module: URL): string[] {
  return module.pathname.endsWith(".ts") ? ["--import", "tsx"] : [];
}

/**
 * One child task at a time, the others queued in order: the bot and one child fit the service's memory ceiling
 * (docs/deployment.md), and two programmes' rows at once would not.
 */
let queue: Promise<unknown> = Promise.resolve();

/** Runs the module (which calls `answerParent`) in a child process with `input`; resolves with what it answers. */
export function runInChildProcess<Output>(module: URL, input: Serializable): Promise<Output> {
  const run = queue.then(async () => runNow<Output>(module, input, await childEnvironment()));
  queue = run.catch(() => undefined);
  return run;
}

function runNow<Output>(module: URL, input: Serializable, env: NodeJS.ProcessEnv): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(module), [], {
      execArgv: loaderFor(module),
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env,
    });
    let answer: ChildAnswer<Output> | null = null;
    child.once("message", (message) => {
      answer = message as ChildAnswer<Output>;
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (answer && "output" in answer) resolve(answer.output);
      else if (answer) reject(new Error(`${module.pathname}: ${answer.error}`));
      else reject(new Error(`${module.pathname} stopped (${signal ?? `exit code ${code}`}) without a result`));
    });
    child.send(input);
  });
}

/**
 * The bot's environment without Ponte's settings: a child gets all it needs by message, and a library it loads cannot
 * read the bot's token, the encryption key or the database's password. Node's and PostgreSQL's own variables stay.
 */
async function childEnvironment(): Promise<NodeJS.ProcessEnv> {
  // Imported here, not above: a worker loads this module, and needs neither the configuration nor its libraries.
  const { CONFIG_VARIABLES } = await import("../config.ts");
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !CONFIG_VARIABLES.includes(name)));
}

/** The same, for a child that answers with bytes (a file): as a Buffer. */
export async function bytesFromChildProcess(module: URL, input: Serializable): Promise<Buffer> {
  const bytes = await runInChildProcess<Uint8Array>(module, input);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
