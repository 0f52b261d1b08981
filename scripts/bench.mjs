// `npm run bench`: compiles the benchmarks with Ponte's sources and runs them as `npm start` runs Ponte: plain Node
// on JavaScript with the start script's own variables and flags (no tsx loader in the process whose memory is measured).
// Arguments go to bench/run.ts.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";

const BUILD = ".tmp/bench-build";
const start = JSON.parse(readFileSync("package.json", "utf8")).scripts.start;
const parsed = /^((?:\w+=\S+ )*)node ((?:--\S+ )*)dist\/main\.js$/.exec(start);
if (!parsed) throw new Error(`cannot read Node's variables and flags from the start script: ${start}`);
const startEnv = Object.fromEntries(
  (parsed[1] ?? "")
    .trim()
    .split(" ")
    .filter(Boolean)
    .map((word) => word.split("=")),
);
const startFlags = (parsed[2] ?? "").trim().split(" ").filter(Boolean);
const run = (args, env = process.env) => execFileSync(process.execPath, args, { stdio: "inherit", env });

rmSync(BUILD, { recursive: true, force: true });
run(["node_modules/typescript/bin/tsc", "-p", "tsconfig.bench.json"]);
// src/i18n.ts finds the translations beside its own folder.
symlinkSync(path.resolve("locales"), `${BUILD}/locales`);
run([...startFlags, `${BUILD}/bench/run.js`, ...process.argv.slice(2)], { ...process.env, ...startEnv });
