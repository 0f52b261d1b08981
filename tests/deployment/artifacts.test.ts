// The deployment files are checked here, since no Docker engine runs on the build machines: the Dockerfile's shape
// (multi-stage, non-root, data on a volume, the same command as `npm start`) and the systemd units (systemd-analyze).
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { nodeScriptArgs, nodeScriptEnv } from "../helpers/process.ts";

interface Stage {
  from: string;
  instructions: { keyword: string; args: string }[];
}

/** Dockerfile instructions by stage, continuation lines joined, comments dropped. */
function stages(dockerfile: string): Stage[] {
  const lines = dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const result: Stage[] = [];
  for (const line of lines) {
    const [keyword = "", ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (keyword.toUpperCase() === "FROM") result.push({ from: args, instructions: [] });
    else result.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return result;
}

const dockerfile = readFileSync("Dockerfile", "utf8");
const [build, runtime] = stages(dockerfile);
const of = (stage: Stage | undefined, keyword: string) =>
  stage?.instructions.filter((i) => i.keyword === keyword).map((i) => i.args) ?? [];

describe("Dockerfile", () => {
  it("builds in one stage and runs from a second, on a pinned Node LTS image", () => {
    expect([build?.from, runtime?.from]).toEqual([
      expect.stringMatching(/^node:(22|24)\.\d+-\S+ AS build$/),
      expect.stringMatching(/^node:(22|24)\.\d+-\S+ AS runtime$/),
    ]);
    expect(of(build, "RUN").join(" ")).toContain("npm ci");
    expect(of(build, "RUN").join(" ")).toContain("npm prune --omit=dev");
    // The runtime stage installs nothing: no compilers, no npm install.
    expect(of(runtime, "RUN").join(" ")).not.toMatch(/apt-get|npm (ci|install)/);
  });

  it("copies only files that exist, and the runtime gets the build's dist/ and production node_modules", () => {
    for (const args of of(build, "COPY")) {
      for (const source of args.split(/\s+/).slice(0, -1)) expect(existsSync(source), source).toBe(true);
    }
    const runtimeCopies = of(runtime, "COPY").join("\n");
    for (const path of ["/app/node_modules", "/app/dist", "/app/prisma"]) expect(runtimeCopies).toContain(path);
  });

  it("runs as a non-root user with the database on a volume, read-only apart from it", () => {
    expect(of(runtime, "USER")).toEqual(["node"]);
    expect(of(runtime, "VOLUME")).toEqual(['["/data"]']);
    expect(of(runtime, "ENV").join(" ")).toContain("DATABASE_URL=file:/data/ponte.db");
    expect(of(runtime, "ENV").join(" ")).toContain("HOST=0.0.0.0");
  });

  it("starts like `npm start`, checks /healthz and stops with SIGTERM", () => {
    expect(JSON.parse(of(runtime, "CMD")[0] ?? "[]")).toEqual(["node", ...nodeScriptArgs("start")]);
    for (const [name, value] of Object.entries(nodeScriptEnv("start"))) {
      expect(of(runtime, "ENV").join(" ")).toContain(`${name}=${value}`);
    }
    expect(of(runtime, "HEALTHCHECK")[0]).toContain("/healthz");
    expect(of(runtime, "STOPSIGNAL")).toEqual(["SIGTERM"]);
  });
});

describe("systemd units", () => {
  it("pass systemd-analyze verify", async () => {
    const units = ["deploy/ponte.service", "deploy/ponte-backup.service", "deploy/ponte-backup.timer"];
    const { stderr } = await promisify(execFile)("systemd-analyze", ["verify", ...units]);
    expect(stderr).toBe("");
  });

  it("run the service like `npm start`, as its own user, with only the state directory writable", () => {
    const unit = readFileSync("deploy/ponte.service", "utf8");
    expect(unit).toContain(`ExecStart=/usr/bin/node ${nodeScriptArgs("start").join(" ")}`);
    const environment = unit.match(/^Environment=.*$/gm)?.join(" ") ?? "";
    for (const [name, value] of Object.entries(nodeScriptEnv("start")))
      expect(environment).toContain(`${name}=${value}`);
    expect(unit).toMatch(/^User=ponte$/m);
    expect(unit).toMatch(/^ProtectSystem=strict$/m);
    expect(unit).toMatch(/^StateDirectory=ponte$/m);
  });
});
