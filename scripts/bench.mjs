// `npm run bench`: compiles the benchmarks with Ponte's sources and runs them as `npm start` runs Ponte, plain Node
// on JavaScript (no tsx loader in the process whose memory is measured). Arguments go to bench/run.ts.
import { execFileSync } from "node:child_process";
import { symlinkSync, rmSync } from "node:fs";
import path from "node:path";

const BUILD = ".tmp/bench-build";
const run = (args) => execFileSync(process.execPath, args, { stdio: "inherit" });

rmSync(BUILD, { recursive: true, force: true });
run(["node_modules/typescript/bin/tsc", "-p", "tsconfig.bench.json"]);
// src/i18n.ts finds the translations beside its own folder.
symlinkSync(path.resolve("locales"), `${BUILD}/locales`);
run(["--max-old-space-size=192", `${BUILD}/bench/run.js`, ...process.argv.slice(2)]);
