// `npm run local` as a newcomer would run it, but with a script on stdin: a fresh demo database, the bot on a
// loopback emulator, and a printed transcript. No network, no token. CLOCK_START dates the demo and runs its clock
// from a chosen instant, so the jobs (reminders, reviews due, Monday's digest) do the same whatever the real hour.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";

const dataDir = `.tmp/local-${randomUUID()}`;
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function runLocal(
  script: string[],
  clockStart: string,
  args: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PONTE_LOCAL_DIR: dataDir,
      CLOCK_START: clockStart,
      BOT_TOKEN: "",
      DATABASE_URL: "file:./must-not-be-used.db",
    };
    const child = spawn("node_modules/.bin/tsx", ["src/local/main.ts", ...args], {
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(`${script.join("\n")}\n`);
  });
}

const SCRIPT = ["3", "/start", "/aiuto", "/cerca ro", "/lingua", "2", "/switch", "5", "/start", "/quit"];

/** What a newcomer reads running SCRIPT: replies right after their lines, whatever the jobs sent at the start. */
function expectDemoTranscript({ code, stdout, stderr }: Awaited<ReturnType<typeof runLocal>>): void {
  expect(stderr).not.toMatch(/error/i);
  expect(code).toBe(0);
  expect(stdout).toContain("> /start\n🤖 Ciao Olivia Demo");
  for (const label of ["[m1] 📋 Presenze", "[m2] 📝 Colloquio", "[m3] 🚨 Evento critico", "[m4] 📁 Progetto (PEI)"]) {
    expect(stdout).toContain(label);
  }
  // An operator's menu has no digest (coordinators' and admins' task).
  expect(stdout.slice(0, stdout.indexOf("> /switch"))).not.toContain("📊 Riepilogo");
  expect(stdout).toContain("> /aiuto\n🤖 ");
  const results = stdout.slice(stdout.indexOf("> /cerca ro"), stdout.indexOf("> /lingua"));
  expect(results).toMatch(/• (BOL|CAS)-\d{4} · \p{L}+ [A-Z]\./u);
  expect(stdout).toContain("> 2\n🤖 ✏️ Language set: English.");
  const stranger = stdout.slice(stdout.indexOf("> 5"));
  expect(stranger).toContain("> /start\n🤖 Ponte è ad accesso su invito.");
  expect(stranger).not.toContain("[m1]");
  expect(stdout).toContain("Arrivederci / goodbye.");
  expect(existsSync(`${dataDir}/demo.db`)).toBe(true);
  expect(existsSync("must-not-be-used.db")).toBe(false);
}

describe("npm run local", () => {
  it.each([
    ["on a Monday at 08:00, when the weekly digest goes out", "2026-11-30T08:00:00+01:00"],
    ["on a summer Saturday at 23:00", "2026-07-04T23:00:00+02:00"],
  ])("runs a demo script offline %s", async (_, clockStart) => {
    expectDemoTranscript(await runLocal(SCRIPT, clockStart));
  });

  it("runs it on a Wednesday at 18:30, then continues on the same database with --keep and --script", async () => {
    const clockStart = "2026-12-02T18:30:00+01:00";
    expectDemoTranscript(await runLocal(SCRIPT, clockStart));

    // The next run keeps what the operator did (her language) and reads its lines from a file.
    writeFileSync(`${dataDir}/demo.txt`, "# a comment line is skipped\n3\n/start\n");
    const next = await runLocal([], clockStart, ["--keep", "--script", `${dataDir}/demo.txt`]);
    expect(next.code).toBe(0);
    expect(next.stdout).not.toContain("preparing the demo data");
    expect(next.stdout).not.toContain("comment");
    expect(next.stdout).toContain("> /start\n🤖 Hi Olivia Demo");
    expect(next.stdout).toContain("[m1] 📋 Attendance");
  });
});
