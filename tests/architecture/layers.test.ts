// The layers of src/ as the README draws them: domain is pure, services never reach into jobs or the bot, and no
// module imports itself back through others (`import type` included), so each layer can be read and tested alone.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = "src";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory())
      return [path.join(SRC, "db", "generated"), path.join(SRC, "db", "generated-postgres")].includes(file)
        ? []
        : sourceFiles(file);
    return file.endsWith(".ts") ? [file] : [];
  });
}

/** Every module a file imports or re-exports (type-only ones too): project files by path, packages by name. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return importedFiles.map(({ fileName }) =>
    fileName.startsWith(".") ? path.join(path.dirname(file), fileName) : fileName,
  );
}

const graph = new Map(sourceFiles(SRC).map((file) => [file, importsOf(file)]));
const layerOf = (file: string) => file.split(path.sep)[1] ?? "";

function violations(from: string[], forbidden: (target: string) => boolean): string[] {
  return [...graph].flatMap(([file, imports]) =>
    from.includes(layerOf(file)) ? imports.filter(forbidden).map((target) => `${file} → ${target}`) : [],
  );
}

/** Strongly connected groups of more than one file (Tarjan), plus files importing themselves. */
function importCycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file) as number);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) as number, index.get(target) as number));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1 || graph.get(file)?.includes(file)) cycles.push(group.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

const isProjectFile = (target: string) => target.startsWith(`${SRC}${path.sep}`);

describe("layers", () => {
  it("reads the whole source tree", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get(path.join(SRC, "app.ts"))).toContain(path.join(SRC, "jobs", "outbox.ts"));
  });

  it("keeps the domain pure: no other layer of Ponte, no grammY, Prisma or SQLite", () => {
    const forbidden = (target: string) =>
      (isProjectFile(target) && layerOf(target) !== "domain") ||
      /^(grammy|@grammyjs\/|@prisma\/|better-sqlite3)/.test(target);
    expect(violations(["domain"], forbidden)).toEqual([]);
  });

  it("never lets services or the database layer import jobs, the bot, the CLI, local mode or the app wiring", () => {
    const edges = ["jobs", "bot", "cli", "local", "app.ts", "main.ts"];
    const forbidden = (target: string) => isProjectFile(target) && edges.includes(layerOf(target));
    expect(violations(["services", "db"], forbidden)).toEqual([]);
  });

  it("keeps the database engine inside src/db: no driver, adapter or engine folder imported, no SQL run, above it", () => {
    const engines = [path.join(SRC, "db", "sqlite"), path.join(SRC, "db", "postgres")];
    const forbidden = (target: string) =>
      /^(better-sqlite3|pg|@prisma\/adapter-)/.test(target) || engines.some((folder) => target.startsWith(folder));
    const above = [...new Set([...graph.keys()].map(layerOf))].filter((layer) => layer !== "db");
    expect(violations(above, forbidden)).toEqual([]);
    const runningSql = [...graph.keys()].filter(
      (file) => layerOf(file) !== "db" && /\$(queryRaw|executeRaw)/.test(readFileSync(file, "utf8")),
    );
    expect(runningSql).toEqual([]);
  });

  it("has no import cycles, type-only imports included", () => {
    expect(importCycles()).toEqual([]);
  });

  it("creates the translations once, in src/i18n.ts, for the bot, the jobs and the services", () => {
    const creators = [...graph.keys()].filter((file) => /new I18n\b/.test(readFileSync(file, "utf8")));
    expect(creators).toEqual([path.join(SRC, "i18n.ts")]);
  });
});
