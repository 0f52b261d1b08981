// Checks a move: each table's row count and checksum (src/db/move/checksum.ts), read from both databases, each in
// one snapshot. Any difference means the copy is not the source as it is now (a failed copy, a bot that kept writing
// to SQLite, or a row changed since).
import { type Fingerprint, fingerprinter } from "./checksum.ts";
import { checkSameTables, openSource, sourceRows } from "./source.ts";
import { postgresTables } from "./tables.ts";
import { connectTarget, eachTargetRow } from "./target.ts";

export interface TableCheck {
  table: string;
  source: Fingerprint;
  target: Fingerprint;
  same: boolean;
}

export async function verifyMove(sourceUrl: string, targetUrl: string): Promise<TableCheck[]> {
  const sqlite = openSource(sourceUrl);
  const target = await connectTarget(targetUrl);
  try {
    await target.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const tables = await postgresTables(target);
    checkSameTables(sqlite, tables);
    sqlite.prepare("BEGIN").run();
    const checks: TableCheck[] = [];
    for (const table of tables) {
      const fromSource = fingerprinter();
      for (const row of sourceRows(sqlite, table)) fromSource.add(row);
      const fromTarget = fingerprinter();
      await eachTargetRow(target, table, (row) => fromTarget.add(row));
      const [source, copy] = [fromSource.result(), fromTarget.result()];
      checks.push({
        table: table.name,
        source,
        target: copy,
        same: source.rows === copy.rows && source.checksum === copy.checksum,
      });
    }
    await target.query("COMMIT");
    return checks;
  } finally {
    sqlite.close();
    await target.end();
  }
}
