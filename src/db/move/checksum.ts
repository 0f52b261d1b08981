// A table's fingerprint: its row count and a SHA-256 over its rows in primary-key order, each row the JSON array of its
// canonical values (src/db/move/values.ts), so both engines' copies of the same rows give the same hash.
import { createHash } from "node:crypto";
import type { CanonicalRow } from "./values.ts";

export interface Fingerprint {
  rows: number;
  checksum: string;
}

export function fingerprinter(): { add(row: CanonicalRow): void; result(): Fingerprint } {
  const hash = createHash("sha256");
  let rows = 0;
  return {
    add(row) {
      hash.update(`${JSON.stringify(row)}\n`);
      rows++;
    },
    result: () => ({ rows, checksum: hash.digest("hex") }),
  };
}
