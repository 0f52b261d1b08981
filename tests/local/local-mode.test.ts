// `npm run local` as a newcomer would run it, but with a script on stdin: a fresh demo database, the bot on a
// loopback emulator, and a printed transcript. No network, no token.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";

const dataDir = `.tmp/local-${randomUUID()}`;
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function runLocal(
  script: string[],
  args: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PONTE_LOCAL_DIR: dataDir,
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

describe("npm run local", () => {
  it("runs a demo script offline: the operator gets the main menu and finds demo people; a stranger is refused", async () => {
    const { code, stdout, stderr } = await runLocal([
      "3",
      "/start",
      "/aiuto",
      "/cerca ro",
      "/switch",
      "5",
      "/start",
      "/quit",
    ]);
    expect(stderr).not.toMatch(/error/i);
    expect(code).toBe(0);
    expect(stdout).toContain("> /start\n🤖 Ciao Olivia Demo");
    for (const label of [
      "[m1] 📋 Presenze",
      "[m2] 📝 Sessione",
      "[m3] 🚨 Evento critico",
      "[m4] 📁 Piano",
      "[m5] 📊 Riepilogo",
    ]) {
      expect(stdout).toContain(label);
    }
    const results = stdout.slice(stdout.indexOf("> /cerca ro"), stdout.indexOf("> /switch"));
    expect(results).toMatch(/• (BOL|CAS)-\d{4} · \p{L}+ [A-Z]\./u);
    const stranger = stdout.slice(stdout.indexOf("> 5"));
    expect(stranger).toContain("Ponte è ad accesso su invito.");
    expect(stranger).not.toContain("[m1]");
    expect(stdout).toContain("Arrivederci / goodbye.");
    expect(existsSync(`${dataDir}/demo.db`)).toBe(true);
    expect(existsSync("must-not-be-used.db")).toBe(false);
  });

  it("keeps the demo database with --keep and reads a script file with --script", async () => {
    const first = await runLocal(["3", "/lingua", "2", "/quit"]);
    expect(first.stdout).toContain("Language set: English.");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(`${dataDir}/demo.txt`, "# a comment line is skipped\n3\n/start\n");
    const second = await runLocal([], ["--keep", "--script", `${dataDir}/demo.txt`]);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain("preparing the demo data");
    expect(second.stdout).not.toContain("comment");
    expect(second.stdout).toContain("[m1] 📋 Attendance");
  });
});
