// What a production install (`npm ci --omit=dev`) contains: no test tool, no TypeScript loader, none of the web
// packages that telegram-test-api used to pull in with published advisories (the registry's audit endpoint is not
// reachable from the build machines, so `npm audit` cannot be the check).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// fast-check is not listed: the Prisma CLI (needed at start for `migrate deploy`) pulls it in through effect.
const FORBIDDEN = ["express", "body-parser", "axios", "path-to-regexp", "tsx", "telegram-test-api"];

interface TreeNode {
  version?: string;
  dependencies?: Record<string, TreeNode>;
}

function packagesIn(node: TreeNode, found = new Map<string, Set<string>>()): Map<string, Set<string>> {
  for (const [name, child] of Object.entries(node.dependencies ?? {})) {
    const versions = found.get(name) ?? new Set<string>();
    versions.add(child.version ?? "?");
    found.set(name, versions);
    packagesIn(child, found);
  }
  return found;
}

async function productionTree(): Promise<Map<string, Set<string>>> {
  // npm ls exits non-zero on harmless tree warnings (e.g. extraneous packages); its JSON is still complete.
  const { stdout } = await promisify(execFile)("npm", ["ls", "--omit=dev", "--all", "--json"], {
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  return packagesIn(JSON.parse(stdout) as TreeNode);
}

describe("production dependencies", () => {
  it("leave test tools, tsx and the packages with advisories out of the production tree", async () => {
    const tree = await productionTree();
    expect(tree.has("grammy")).toBe(true);
    expect(tree.has("better-sqlite3")).toBe(true);
    expect(FORBIDDEN.filter((name) => tree.has(name))).toEqual([]);
  }, 60_000);

  it("keep every tool that only the tests, the local mode and the benchmark use in devDependencies", () => {
    const manifest = JSON.parse(readFileSync("package.json", "utf8")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    for (const tool of ["telegram-test-api", "tsx", "fast-check", "vitest", "typescript", "@biomejs/biome"]) {
      expect(Object.keys(manifest.dependencies)).not.toContain(tool);
      expect(Object.keys(manifest.devDependencies)).toContain(tool);
    }
  });
});
