// Copies the generated SQLite dataset into a PostgreSQL database with migrate-to-postgres's copy, in its own process
// so the bench measures Ponte, not this.
// usage: node .tmp/bench-build/bench/engines/copy-main.js <sqlite file> <postgres url>
import pg from "pg";
import { copySqliteToPostgres } from "../../src/db/move/copy.ts";

const [file, url] = process.argv.slice(2);
if (!file || !url) {
  console.error("usage: node .tmp/bench-build/bench/engines/copy-main.js <sqlite file> <postgres url>");
  process.exit(2);
}
const started = performance.now();
const copied = await copySqliteToPostgres(`file:${file}`, url, () => undefined);
// What autovacuum does to tables grown this much, done now rather than while the bench measures.
const client = new pg.Client({ connectionString: url });
await client.connect();
await client.query("VACUUM");
await client.end();
const rows = copied.reduce((sum, table) => sum + table.rows, 0);
console.error(`[bench] copied ${rows} rows into PostgreSQL in ${((performance.now() - started) / 1000).toFixed(1)} s`);
