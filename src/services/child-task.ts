// Heavy, occasional work (spreadsheets, letters, charts) in a child process that exits when done: its libraries and
// their memory (resvg's pixmaps, a workbook's cells) never enter the bot's process, whose resident size stays small.
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

/** Runs the module (which calls `answerParent`) in a child process with `input`; resolves with the bytes it sends. */
export function runInChildProcess(module: URL, input: Serializable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(module), [], {
      execArgv: loaderFor(module),
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let output: Uint8Array | null = null;
    child.once("message", (message) => {
      output = message as Uint8Array;
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (output) resolve(Buffer.from(output.buffer, output.byteOffset, output.byteLength));
      else reject(new Error(`${module.pathname} stopped (${signal ?? `exit code ${code}`}) without a result`));
    });
    child.send(input);
  });
}

/** The child's side: takes the one input the parent sends, sends back the bytes `work` makes, and lets the process end. */
export function answerParent<Input>(work: (input: Input) => Uint8Array | Promise<Uint8Array>): void {
  process.once("message", async (input) => {
    const bytes = await work(input as Input);
    process.send?.(bytes, () => process.disconnect());
  });
}
