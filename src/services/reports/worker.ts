// Heavy, occasional work (spreadsheets, letters, charts) in a worker thread that exits when done, so its libraries and their memory
// are released instead of staying in the bot for its whole life.
import { Worker } from "node:worker_threads";

/** The URL of a module next to `here`, with the same extension (.ts from sources under tsx, .js from dist/). */
export function moduleBeside(here: string, name: string): URL {
  return new URL(`./${name}${here.endsWith(".ts") ? ".ts" : ".js"}`, here);
}

/** Starts the module as a worker with `input` as its workerData; resolves with the bytes it posts before exiting. */
export function runInWorker(module: URL, input: unknown): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = module.pathname.endsWith(".ts")
      ? // Sources (tests, `npm run local`): the worker registers tsx (a dev dependency) before loading the module.
        new Worker(
          `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); })`,
          { eval: true, workerData: input },
        )
      : new Worker(module, { workerData: input });
    let output: Uint8Array | null = null;
    worker.once("message", (message: Uint8Array) => {
      output = message;
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (output) resolve(Buffer.from(output.buffer, output.byteOffset, output.byteLength));
      else reject(new Error(`worker ${module.pathname} exited with code ${code} without a result`));
    });
  });
}
