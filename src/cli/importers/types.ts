// The shape every CSV/YAML importer follows: parse and check every row first, then write all rows in one
// transaction, so an import either lands whole or not at all, with every problem reported by line and column.
import type { ServiceDeps } from "../../services/deps.ts";

export interface RowError {
  line: number;
  column: string;
  reason: string;
}

export type Transaction = Parameters<Parameters<ServiceDeps["db"]["$transaction"]>[0]>[0];

export interface ImportResult {
  imported: number;
  errors: RowError[];
}

export interface Importer {
  /** The word after `npm run cli -- import`, e.g. "people". */
  kind: string;
  /** One line for `npm run cli -- help`. */
  summary: string;
  /** Reads the file, validates everything, and writes only if there is no error at all. */
  run(deps: ServiceDeps, fileText: string): Promise<ImportResult>;
}
