// Which database the bench runs on: SQLite by default, PostgreSQL with `--db postgres://…` (a server's URL: the bench
// creates a database of its own there and drops it at the end). Each engine writes its own results file.
import { isPostgresUrl } from "../../src/db/url.ts";
import { type BenchDataset, prepareDataset } from "../dataset.ts";
import type { Scale } from "../generate.ts";
import { preparePostgresDataset } from "./postgres.ts";

export interface BenchEngine {
  name: string;
  /** The command-line arguments that select this engine again (for a second run in a child process). */
  args: string[];
  /** Relative to the project (npm runs scripts there), not to the compiled copy of this file. */
  resultsFile: string;
  /** With `reuse`, on the dataset the last run generated (see generatedDataset). */
  prepareDataset(scale: Scale, now: Date, options: { reuse: boolean }): Promise<BenchDataset>;
}

export function benchEngine(argv: readonly string[]): BenchEngine {
  const inline = argv.find((arg) => arg.startsWith("--db="));
  const at = argv.indexOf("--db");
  if (inline === undefined && at < 0) {
    return { name: "SQLite", args: [], resultsFile: "bench/results.json", prepareDataset };
  }
  const server = inline === undefined ? argv[at + 1] : inline.slice("--db=".length);
  if (!server || !isPostgresUrl(server)) {
    throw new Error("--db takes a PostgreSQL server's URL, e.g. --db postgres://postgres@127.0.0.1:5432/postgres");
  }
  return {
    name: "PostgreSQL",
    args: ["--db", server],
    resultsFile: "bench/results.postgres.json",
    prepareDataset: (scale, now, options) => preparePostgresDataset(server, scale, now, options),
  };
}
