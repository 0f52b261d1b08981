// Entry of `npm run local [-- --keep] [-- --script file]`. A fresh clone has no generated Prisma client yet
// (`npm ci` does not run Prisma's scripts), so it is generated here, offline, before anything imports it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("../../", import.meta.url));

function ensurePrismaClient(): void {
  if (existsSync(new URL("../db/generated/client.ts", import.meta.url))) return;
  console.log(
    "Preparo il client del database (solo la prima volta) / generating the database client (first run only)…",
  );
  const result = spawnSync(`${root}node_modules/.bin/prisma`, ["generate"], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) {
    console.error(result.stderr || result.stdout || String(result.error));
    process.exit(1);
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { keep: { type: "boolean", default: false }, script: { type: "string" } },
  });
  if (values.script !== undefined && !existsSync(values.script)) {
    console.error(`Script not found: ${values.script}`);
    return 1;
  }
  ensurePrismaClient();
  const { runLocalMode } = await import("./local-mode.ts");
  return runLocalMode({
    keep: values.keep ?? false,
    scriptPath: values.script ?? null,
    dataDir: process.env.PONTE_LOCAL_DIR ?? "data",
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`Local mode stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
