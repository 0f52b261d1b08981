// After `npm ci`/`npm install`: generate the Prisma clients (SQLite's and PostgreSQL's), then compile to dist/ when
// the build tools are installed (a full install). A production install (`--omit=dev`) has no TypeScript: it runs a dist/ built beforehand.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const run = (command, args) => execFileSync(command, args, { stdio: "inherit" });

run("node", ["scripts/generate-clients.mjs"]);
if (existsSync("node_modules/typescript")) {
  run("npm", ["run", "build"]);
} else if (!existsSync("dist/main.js")) {
  console.warn("No dist/ and no TypeScript to build it: run `npm ci && npm run build` first (see docs/deployment.md).");
}
