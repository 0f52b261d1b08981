// `npm run bench` (region scale) and `npm run bench -- --quick`: every measure of issue 7 in one run, side by side
// with the raw limits measured on the same machine, printed as a table and written to bench/results.json.
import { writeFileSync } from "node:fs";
import os from "node:os";
import { BENCH_TODAY, prepareDataset } from "./dataset.ts";
import { measureDigests } from "./digests.ts";
import { measureFanout } from "./fanout.ts";
import { QUICK, REGION } from "./generate.ts";
import { measurePlanLookups } from "./plan-lookup.ts";
import { compareWithRaw } from "./raw-digest.ts";
import { measureUpdates } from "./updates.ts";
import { measureWritePath } from "./write-path.ts";

const quick = process.argv.includes("--quick");
const scale = quick ? QUICK : REGION;
// The Tuesday after the dataset's last day: "last week" is the dataset's last full week.
const NOW = new Date(`${BENCH_TODAY}T10:00:00+01:00`);
NOW.setUTCDate(NOW.getUTCDate() + 1);

let rssPeak = 0;
const sampleRss = () => {
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
};
const sampler = setInterval(sampleRss, 20);

const rssByPhase: Record<string, number> = {};
const log = (message: string) => {
  rssByPhase[message] = Math.round(process.memoryUsage().rss / 1024 / 1024);
  console.error(`[bench] ${message}`);
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

log(`generating the ${scale.name} dataset…`);
const started = performance.now();
const dataset = await prepareDataset(scale, NOW);
const generationSeconds = (performance.now() - started) / 1000;
log(`dataset ready in ${generationSeconds.toFixed(1)} s: ${JSON.stringify(dataset.summary)}`);
const { deps } = dataset;

log("digests…");
// One run first that is not counted, as the raw SQL side also gets: both are compared warm. Reported as coldMs.
const coldDigest = await measureDigests(deps);
const digestRuns = [];
for (let run = 0; run < 3; run++) digestRuns.push(await measureDigests(deps));
const digestMs = median(digestRuns.map((r) => r.ms));
const weekKey = digestRuns[0]?.weekKey ?? "";
const raw = await compareWithRaw(deps, 1, weekKey);
if (raw.mismatches.length > 0) log(`raw SQL and Ponte disagree: ${raw.mismatches.slice(0, 5).join("; ")}`);

log("plan look-ups…");
const lookups = await measurePlanLookups(deps, quick ? 200 : 400);

log("50 operators at once…");
const updates = await measureUpdates(deps, 50);

log("write path…");
const writes = await measureWritePath(
  { ...deps, clock: () => new Date("2027-06-01T10:00:00+02:00") },
  dataset.url,
  quick ? 100 : 200,
);

log("fan-out to 500 recipients at 30 messages/s…");
const fanout = await measureFanout({ ...deps, clock: () => new Date() }, 500);

sampleRss();
clearInterval(sampler);
await dataset.close();

const results = {
  update_p95_ms: round(updates.p95Ms),
  write_path_ratio: round(writes.ratio, 3),
  digest_ms_region: round(digestMs),
  digest_ratio_vs_raw_sql: round(raw.rawMs / digestMs, 3),
  plan_lookup_p95_ms: round(lookups.p95Ms),
  fanout_rate_ratio: round(fanout.rateRatio, 3),
  fanout_lost: fanout.lost + fanout.duplicated,
  rss_mb_peak: round(rssPeak / 1024 / 1024),
  dataset: { ...dataset.summary, generationSeconds: round(generationSeconds) },
  details: {
    digests: {
      weekKey,
      scopes: digestRuns[0]?.scopes,
      coldMs: round(coldDigest.ms),
      runsMs: digestRuns.map((r) => round(r.ms)),
      rawSqlMs: round(raw.rawMs),
      mismatches: raw.mismatches.length,
    },
    updates: { ...updates, p50Ms: round(updates.p50Ms), p95Ms: round(updates.p95Ms), maxMs: round(updates.maxMs) },
    planLookups: { ...lookups, p50Ms: round(lookups.p50Ms), p95Ms: round(lookups.p95Ms) },
    writePath: {
      ...writes,
      serviceRowsPerSecond: round(writes.serviceRowsPerSecond),
      rawRowsPerSecond: round(writes.rawRowsPerSecond),
    },
    fanout: { ...fanout, seconds: round(fanout.seconds), messagesPerSecond: round(fanout.messagesPerSecond) },
    rssMbAtPhaseStart: rssByPhase,
  },
  machine: { cpus: os.cpus().length, memoryGb: round(os.totalmem() / 1024 ** 3), node: process.version },
  ranAt: new Date().toISOString(),
};
writeFileSync(new URL("./results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);

const targets: [keyof typeof results, string, (value: number) => boolean][] = [
  ["update_p95_ms", "≤ 50", (v) => v <= 50],
  ["write_path_ratio", "≥ 0.2", (v) => v >= 0.2],
  ["digest_ms_region", "≤ 1000", (v) => v <= 1000],
  ["digest_ratio_vs_raw_sql", "≥ 0.3", (v) => v >= 0.3],
  ["plan_lookup_p95_ms", "≤ 20", (v) => v <= 20],
  ["fanout_rate_ratio", "≥ 0.9", (v) => v >= 0.9],
  ["fanout_lost", "= 0", (v) => v === 0],
  ["rss_mb_peak", "≤ 300", (v) => v <= 300],
];
console.log(
  `\nPonte benchmark — ${scale.name} scale (${dataset.summary.people} people, ${dataset.summary.sessions} sessions, ${dataset.summary.attendance} attendance rows)\n`,
);
console.log("| measure | value | target | |");
console.log("|---|---:|---|---|");
for (const [key, target, ok] of targets) {
  const value = results[key] as number;
  console.log(`| ${key} | ${value} | ${target} | ${ok(value) ? "✅" : "❌"} |`);
}
console.log("\nbench/results.json written.");

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
