// `npm run test:stress`: the whole suite twice at the same time, then once more beside two busy loops that keep the
// cores busy. Any failure fails the run: a test that passes only on a quiet machine is a defect of that test.
// Each suite's output goes to .tmp/stress/<run>.log; the failures of a failed run are printed.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";

const LOG_DIR = ".tmp/stress";
const BUSY_LOOPS = 2;

interface SuiteRun {
  name: string;
  passed: boolean;
  seconds: number;
  summary: string;
}

const running = new Set<ChildProcess>();

// biome-ignore lint/suspicious/noControlCharactersInRegex: removes the colour codes of vitest's output
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");

function runSuite(name: string): Promise<SuiteRun> {
  const logFile = `${LOG_DIR}/${name}.log`;
  const log = createWriteStream(logFile);
  const started = Date.now();
  const child = spawn("node_modules/.bin/vitest", ["run"], {
    env: { ...process.env, CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  return new Promise((resolve) => {
    child.on("close", (code) => {
      running.delete(child);
      log.end(() => {
        const output = plain(readFileSync(logFile, "utf8"));
        const totals = output.match(/^ +(Test Files .+|Tests .+)$/gm)?.map((line) => line.trim()) ?? [];
        const failuresAt = output.indexOf("Failed Tests");
        const failures = failuresAt >= 0 ? output.slice(failuresAt) : output.slice(-3000);
        resolve({
          name,
          passed: code === 0,
          seconds: Math.round((Date.now() - started) / 1000),
          summary: code === 0 ? totals.join(" · ") : `${totals.join(" · ")}\n${failures.slice(0, 6000)}`,
        });
      });
    });
  });
}

function busyLoop(): ChildProcess {
  const child = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
  running.add(child);
  return child;
}

function stopAll(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

function report(runs: SuiteRun[]): void {
  for (const run of runs) {
    console.log(`${run.passed ? "✅" : "❌"} ${run.name} (${run.seconds} s, log: ${LOG_DIR}/${run.name}.log)`);
    console.log(`   ${run.summary.split("\n").join("\n   ")}`);
  }
}

async function main(): Promise<number> {
  mkdirSync(LOG_DIR, { recursive: true });
  process.once("SIGINT", () => {
    stopAll();
    process.exit(130);
  });

  console.log("1/2 · two whole suites at the same time…");
  const together = await Promise.all([runSuite("together-1"), runSuite("together-2")]);
  report(together);

  console.log(`2/2 · the whole suite beside ${BUSY_LOOPS} busy loops…`);
  const loops = Array.from({ length: BUSY_LOOPS }, busyLoop);
  const loaded = await runSuite("under-load").finally(() => {
    for (const loop of loops) {
      loop.kill("SIGKILL");
      running.delete(loop);
    }
  });
  report([loaded]);

  const failed = [...together, loaded].filter((run) => !run.passed);
  console.log(
    failed.length === 0 ? "test:stress passed" : `test:stress failed: ${failed.map((r) => r.name).join(", ")}`,
  );
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    stopAll();
    console.error(error);
    process.exitCode = 1;
  },
);
