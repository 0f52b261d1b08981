// Compiles dist/ for the process tests (they run what `npm start` and `npm run cli` run), without type checking:
// `npm run typecheck` does that. Two suites at once (npm run test:stress) must not rewrite dist/ while the other's
// process tests run it, so one compiles under a lock and a suite that finds dist/ up to date does not compile again.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const LOCK = ".tmp/build.lock";
const STAMP = "dist/.built";
const SOURCES = ["src", "tsconfig.json", "tsconfig.build.json", "package.json"];
const LOCK_POLL_MS = 200;

export async function buildDist(): Promise<void> {
  mkdirSync(".tmp", { recursive: true });
  while (!takeLock()) await sleep(LOCK_POLL_MS);
  try {
    if (newestSourceChange() >= builtAt()) {
      execFileSync("node_modules/.bin/tsc", ["-p", "tsconfig.build.json", "--noCheck"], { stdio: "inherit" });
      writeFileSync(STAMP, new Date().toISOString());
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** mkdir is atomic: whoever creates the folder holds the lock; a lock left by a killed run is taken over. */
function takeLock(): boolean {
  try {
    mkdirSync(LOCK);
    writeFileSync(path.join(LOCK, "pid"), String(process.pid));
    return true;
  } catch {
    if (holderAlive()) return false;
    rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
}

function holderAlive(): boolean {
  try {
    process.kill(Number(readFileSync(path.join(LOCK, "pid"), "utf8")), 0);
    return true;
  } catch (error) {
    // No pid yet means the holder is between mkdir and writing it.
    return (error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function builtAt(): number {
  try {
    return statSync(STAMP).mtimeMs;
  } catch {
    return 0;
  }
}

function newestSourceChange(): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stats = statSync(entry);
    newest = Math.max(newest, stats.mtimeMs);
    if (stats.isDirectory()) for (const child of readdirSync(entry)) visit(path.join(entry, child));
  };
  for (const source of SOURCES) visit(source);
  return newest;
}
