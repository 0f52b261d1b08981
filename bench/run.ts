// `npm run bench` (region scale) and `npm run bench -- --quick`: every measure of issue 7 in one run, side by side
// with the raw limits measured on the same machine, printed as a table and written to bench/results.json; with
// `--db postgres://…` the same on PostgreSQL, written to bench/results.postgres.json (engines/select.ts).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { BENCH_TODAY } from "./dataset.ts";
import { measureDigests } from "./digests.ts";
import { benchEngine } from "./engines/select.ts";
import { measureDigestFanout, measureTextFanout } from "./fanout.ts";
import { QUICK, REGION } from "./generate.ts";
import { peakMeter } from "./memory.ts";
import { measurePlanLookups } from "./plan-lookup.ts";
import { compareReports, measureReports } from "./quarterly.ts";
import { measureUpdates } from "./updates.ts";
import { measureWritePath } from "./write-path.ts";

const quick = process.argv.includes("--quick");
// Only the funder's sheet and the job funnel, merged into the last full run's results.json (marked as such).
const onlyReports = process.argv.includes("--only-reports");
// The same run again without the heap limit, only to report its peak resident size (see the end of this file).
const rssOnly = process.argv.includes("--rss-only");
const scale = quick ? QUICK : REGION;
const engine = benchEngine(process.argv);
const RESULTS_FILE = engine.resultsFile;
// The Tuesday after the dataset's last day: "last week" is the dataset's last full week.
const NOW = new Date(`${BENCH_TODAY}T10:00:00+01:00`);
NOW.setUTCDate(NOW.getUTCDate() + 1);

const memory = peakMeter();
const log = (message: string) => console.error(`[bench] ${message}`);
/** Starts a phase of the run; its peak resident size is reported under `name`. */
const phase = (name: string, message: string) => {
  memory.phase(name);
  log(message);
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

phase("dataset", `generating the ${scale.name} dataset on ${engine.name}…`);
const started = performance.now();
const dataset = await engine.prepareDataset(scale, NOW, { reuse: rssOnly });
const generationSeconds = (performance.now() - started) / 1000;
log(`dataset ready in ${generationSeconds.toFixed(1)} s: ${JSON.stringify(dataset.summary)}`);
const { deps } = dataset;

if (onlyReports) {
  phase("reports", "funder's sheet and job funnel only…");
  const reports = await compareReports(await measureReports(deps), dataset.raw);
  await dataset.close();
  const file = RESULTS_FILE;
  const previous = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown> & { details?: object };
  const measured = reportResults(reports);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        ...previous,
        ...measured.keys,
        details: {
          ...previous.details,
          reports: { ...measured.details, ranAt: new Date().toISOString(), scale: scale.name },
        },
      },
      null,
      2,
    )}\n`,
  );
  console.log(JSON.stringify(measured, null, 2));
  process.exit(0);
}

phase("digests", "digests…");
// One run first that is not counted, as the raw SQL side also gets: both are compared warm. Reported as coldMs.
const coldDigest = await measureDigests(deps);
const digestRuns = [];
for (let run = 0; run < 3; run++) digestRuns.push(await measureDigests(deps));
const digestMs = median(digestRuns.map((r) => r.ms));
const weekKey = digestRuns[0]?.weekKey ?? "";

phase("reports", "funder's sheet and job funnel…");
const ponteReports = await measureReports(deps);

phase("planLookups", "plan look-ups…");
const lookups = await measurePlanLookups(deps, quick ? 200 : 400);

phase("updates", "50 operators at once…");
const updates = await measureUpdates(deps, 50);

phase("writePath", "write path…");
const writes = await measureWritePath(
  { ...deps, clock: () => new Date("2027-06-01T10:00:00+02:00") },
  dataset.raw.writes,
  quick ? 100 : 200,
);

phase("fanout", "fan-out to 500 recipients at 30 calls/s: texts…");
const fanout = await measureTextFanout({ ...deps, clock: () => new Date() }, 500);
phase("digestFanout", "fan-out to 500 recipients at 30 calls/s: digests with charts…");
const digestFanout = await measureDigestFanout({ ...deps, clock: () => new Date() }, weekKey, 500);

// The bench's own raw SQL baselines come last, in a phase of their own that Ponte's peak leaves out: they run in this
// process but are not Ponte, and what they leave behind would have counted in every phase after them.
const BASELINES = "rawBaselines";
if (!rssOnly) phase(BASELINES, "raw SQL baselines (the bench's, not counted in Ponte's peak)…");
const raw = rssOnly ? undefined : await dataset.raw.digests(deps, 1, weekKey);
if (raw?.mismatches.length) log(`raw SQL and Ponte disagree: ${raw.mismatches.slice(0, 5).join("; ")}`);
const reports = rssOnly ? undefined : await compareReports(ponteReports, dataset.raw);
for (const mismatch of [...(reports?.sheetMismatches ?? []), ...(reports?.funnelMismatches ?? [])].slice(0, 5)) {
  log(`raw SQL and Ponte disagree on the reports: ${mismatch}`);
}

await dataset.close();
const { bot: peakByPhase, childProcesses: childPeakByPhase } = memory.finish();
const rssPeak = Math.max(...Object.entries(peakByPhase).flatMap(([name, mb]) => (name === BASELINES ? [] : [mb])));
if (rssOnly || !raw || !reports) {
  console.log(JSON.stringify({ rssMbPeak: rssPeak }));
  process.exit(0);
}
log("the same run without the heap limit, for its peak resident size…");
const uncapped = JSON.parse(
  execFileSync(
    process.execPath,
    [
      ...process.execArgv.filter((flag) => !flag.startsWith("--max-old-space-size")),
      fileURLToPath(import.meta.url),
      "--rss-only",
      ...(quick ? ["--quick"] : []),
      ...engine.args,
    ],
    {
      encoding: "utf8",
      maxBuffer: 1 << 20,
      stdio: ["ignore", "pipe", "inherit"],
    },
  )
    .trim()
    .split("\n")
    .at(-1) ?? "{}",
) as { rssMbPeak: number };

const results = {
  update_p95_ms: round(updates.p95Ms),
  write_path_ratio: round(writes.ratio, 3),
  digest_ms_region: round(digestMs),
  digest_ratio_vs_raw_sql: round(raw.rawMs / digestMs, 3),
  ...reportResults(reports).keys,
  plan_lookup_p95_ms: round(lookups.p95Ms),
  fanout_rate_ratio: round(fanout.rateRatio, 3),
  fanout_lost: fanout.lost + fanout.duplicated + digestFanout.lost + digestFanout.duplicated + digestFanout.outOfOrder,
  fanout_calls_rate_ratio: round(digestFanout.rateRatio, 3),
  rss_mb_peak: rssPeak,
  rss_mb_peak_uncapped: uncapped.rssMbPeak,
  rss_mb_peak_child_process: Math.max(0, ...Object.values(childPeakByPhase)),
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
    reports: reportResults(reports).details,
    updates: { ...updates, p50Ms: round(updates.p50Ms), p95Ms: round(updates.p95Ms), maxMs: round(updates.maxMs) },
    planLookups: { ...lookups, p50Ms: round(lookups.p50Ms), p95Ms: round(lookups.p95Ms) },
    writePath: {
      ...writes,
      serviceRowsPerSecond: round(writes.serviceRowsPerSecond),
      rawRowsPerSecond: round(writes.rawRowsPerSecond),
    },
    fanout: { ...fanout, seconds: round(fanout.seconds), callsPerSecond: round(fanout.callsPerSecond) },
    digestFanout: {
      ...digestFanout,
      seconds: round(digestFanout.seconds),
      callsPerSecond: round(digestFanout.callsPerSecond),
    },
    rssMbPeakByPhase: peakByPhase,
    childProcessRssMbPeakByPhase: childPeakByPhase,
  },
  machine: { cpus: os.cpus().length, memoryGb: round(os.totalmem() / 1024 ** 3), node: process.version },
  ranAt: new Date().toISOString(),
};
writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);

const targets: [keyof typeof results, string, (value: number) => boolean][] = [
  ["update_p95_ms", "≤ 50", (v) => v <= 50],
  ["write_path_ratio", "≥ 0.2", (v) => v >= 0.2],
  ["digest_ms_region", "≤ 1000", (v) => v <= 1000],
  ["digest_ratio_vs_raw_sql", "≥ 0.3", (v) => v >= 0.3],
  ["quarterly_ratio_vs_raw_sql", "≥ 0.5", (v) => v >= 0.5],
  ["plan_lookup_p95_ms", "≤ 20", (v) => v <= 20],
  ["fanout_rate_ratio", "≥ 0.9", (v) => v >= 0.9],
  ["fanout_lost", "= 0", (v) => v === 0],
  ["fanout_calls_rate_ratio", "≥ 0.9", (v) => v >= 0.9],
  ["rss_mb_peak", "≤ 150", (v) => v <= 150],
  ["rss_mb_peak_uncapped", "≤ 150", (v) => v <= 150],
];
console.log(
  `\nPonte benchmark on ${engine.name} — ${scale.name} scale (${dataset.summary.people} people, ${dataset.summary.sessions} sessions, ${dataset.summary.attendance} attendance rows)\n`,
);
console.log("| measure | value | target | |");
console.log("|---|---:|---|---|");
for (const [key, target, ok] of targets) {
  const value = results[key] as number;
  console.log(`| ${key} | ${value} | ${target} | ${ok(value) ? "✅" : "❌"} |`);
}
console.log(
  `\nrss_mb_peak_child_process: ${results.rss_mb_peak_child_process} (the largest child task: digest figures, the funder's sheet, a chart; it exits when done)`,
);
console.log(`\n${RESULTS_FILE} written.`);

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function reportResults(reports: Awaited<ReturnType<typeof compareReports>>) {
  return {
    keys: {
      quarterly_ms_region: round(reports.sheetMs),
      quarterly_ratio_vs_raw_sql: round(reports.sheetRawMs / reports.sheetMs, 3),
      funnel_ms_region: round(reports.funnelMs),
      funnel_ratio_vs_raw_sql: round(reports.funnelRawMs / reports.funnelMs, 3),
    },
    details: {
      quarterKey: reports.quarterKey,
      sites: reports.sites,
      sheetRawSqlMs: round(reports.sheetRawMs),
      sheetMismatches: reports.sheetMismatches.length,
      funnelYears: reports.funnelYears,
      funnelRawSqlMs: round(reports.funnelRawMs),
      funnelMismatches: reports.funnelMismatches.length,
    },
  };
}
