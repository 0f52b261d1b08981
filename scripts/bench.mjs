// `npm run bench`: compiles the benchmarks with Ponte's sources and runs them as `npm start` runs Ponte: plain Node
// on JavaScript with the start script's own flags (no tsx loader in the process whose memory is measured).
// Arguments go to bench/run.ts.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";

const BUILD = ".tmp/bench-build";
const run = (args) => execFileSync(process.execPath, args, { stdio: "inherit" });

const start = JSON.parse(readFileSync("package.json", "utf8")).scripts.start;
const startFlags = /^node ((?:--\S+ )*)dist\/main\.js$/.exec(start)?.[1]?.trim().split(" ");
if (!startFlags) throw new Error(`cannot read Node's flags from the start script: ${start}`);

rmSync(BUILD, { recursive: true, force: true });
run(["node_modules/typescript/bin/tsc", "-p", "tsconfig.bench.json"]);
// src/i18n.ts finds the translations beside its own folder.
symlinkSync(path.resolve("locales"), `${BUILD}/locales`);
run([...startFlags, `${BUILD}/bench/run.js`, ...process.argv.slice(2)]);
