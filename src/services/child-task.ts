// Heavy, occasional work (spreadsheets, letters, charts, a programme's digest and funder's figures) in a child process
// that exits when done: its libraries and its rows never enter the bot's process, whose resident size stays small.
import { fork, type Serializable } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The URL of a module next to `here`, with the same extension (.ts from sources under tsx, .js from dist/). */
export function moduleBeside(here: string, name: string): URL {
  return new URL(`./${name}${here.endsWith(".ts") ? ".ts" : ".js"}`, here);
}

/** Node's arguments to run a module: sources need the tsx loader (a dev dependency), the compiled build does not. */
export function loaderFor(module: URL): string[] {
  return module.pathname.endsWith(".ts") ? ["--import", "tsx"] : [];
}

/** What a child sends back: its result, or why it has none. */
type Answer<Output> = { output: Output } | { error: string };

/**
 * One child task at a time, the others queued in order: the bot and one child fit the service's memory ceiling
 * (docs/deployment.md), and two programmes' rows at once would not.
 */
let queue: Promise<unknown> = Promise.resolve();

/** Runs the module (which calls `answerParent`) in a child process with `input`; resolves with what it answers. */
export function runInChildProcess<Output>(module: URL, input: Serializable): Promise<Output> {
  const run = queue.then(() => runNow<Output>(module, input));
  queue = run.catch(() => undefined);
  return run;
}

function runNow<Output>(module: URL, input: Serializable): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(module), [], {
      execArgv: loaderFor(module),
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let answer: Answer<Output> | null = null;
    child.once("message", (message) => {
      answer = message as Answer<Output>;
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

/** The same, for a child that answers with bytes (a file): as a Buffer. */
export async function bytesFromChildProcess(module: URL, input: Serializable): Promise<Buffer> {
  const bytes = await runInChildProcess<Uint8Array>(module, input);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The child's side: takes the one input the parent sends, answers with what `work` makes, and lets the process end. */
export function answerParent<Input, Output extends Serializable = Uint8Array>(
  work: (input: Input) => Output | Promise<Output>,
): void {
  process.once("message", async (input) => {
    let answer: Answer<Output>;
    try {
      answer = { output: await work(input as Input) };
    } catch (error) {
      answer = { error: error instanceof Error ? error.message : String(error) };
    }
    process.send?.(answer, () => process.disconnect());
  });
}
