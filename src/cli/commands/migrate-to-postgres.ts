// `migrate-to-postgres --to postgres://…`: moves a deployment's SQLite database (DATABASE_URL, or --from) into an empty
// PostgreSQL database, then compares every table's row count and checksum on both sides (docs/postgresql.md).
import { loadConfig } from "../../config.ts";
import { describeDatabase } from "../../db/client.ts";
import { isPostgresUrl } from "../../db/url.ts";
import { copySqliteToPostgres, TargetNotEmptyError } from "../../db/move/copy.ts";
import { type TableCheck, verifyMove } from "../../db/move/verify.ts";
import { type CliOutput, type Command, EXIT, type ExitCode, parseOptions, UsageError } from "./command.ts";

const TABLE_WIDTH = 24;
const COUNT_WIDTH = 11;

function printChecks(io: CliOutput, checks: readonly TableCheck[]): ExitCode {
  io.out(
    `  ${"table".padEnd(TABLE_WIDTH)}${"SQLite".padStart(COUNT_WIDTH)}${"PostgreSQL".padStart(COUNT_WIDTH)}  checksum`,
  );
  for (const { table, source, target, same } of checks) {
    const checksum = same ? `${source.checksum.slice(0, 16)}  same` : "DIFFERENT";
    io.out(
      `  ${table.padEnd(TABLE_WIDTH)}${String(source.rows).padStart(COUNT_WIDTH)}${String(target.rows).padStart(COUNT_WIDTH)}  ${checksum}`,
    );
  }
  const different = checks.filter((check) => !check.same).map((check) => check.table);
  if (different.length > 0) {
    io.err(`${different.length} of ${checks.length} tables differ: ${different.join(", ")}.`);
    io.err(
      "Do not start Ponte on the copy. Stop the bot (it may still be writing to SQLite), drop and create the PostgreSQL database again, and run the move again.",
    );
    return EXIT.failed;
  }
  io.out(`All ${checks.length} tables have the same rows on both sides.`);
  return EXIT.ok;
}

export const migrateToPostgresCommand: Command = {
  name: "migrate-to-postgres",
  usage: [
    "migrate-to-postgres --to postgres://… [--from file:…] [--verify-only]   (stop the bot first; docs/postgresql.md)",
  ],
  async run({ io, env }, args) {
    const { values } = parseOptions({
      args,
      options: { to: { type: "string" }, from: { type: "string" }, "verify-only": { type: "boolean" } },
    });
    if (!values.to) throw new UsageError("give the empty PostgreSQL database to move into: --to postgres://…");
    if (!isPostgresUrl(values.to)) throw new UsageError("--to must be a postgres:// or postgresql:// URL");
    const from = values.from ?? loadConfig(env, { requireToken: false }).DATABASE_URL;
    if (!from.startsWith("file:"))
      throw new UsageError("the database to move must be SQLite (file:…): set DATABASE_URL or --from");
    const [source, target] = [describeDatabase(from), describeDatabase(values.to)];

    if (!values["verify-only"]) {
      io.out(`Moving the ${source} to the ${target}, in one transaction.`);
      io.out("The bot must be stopped: what it writes from now on would not be in the copy.");
      let copied: Awaited<ReturnType<typeof copySqliteToPostgres>>;
      try {
        copied = await copySqliteToPostgres(from, values.to, ({ table, rows }) =>
          io.out(`  ${table.padEnd(TABLE_WIDTH)}${String(rows).padStart(COUNT_WIDTH)} ${rows === 1 ? "row" : "rows"}`),
        );
      } catch (error) {
        if (error instanceof TargetNotEmptyError) {
          io.err(`Refused: the ${target} already holds data (in ${error.tables.join(", ")}).`);
          io.err("Nothing was copied into it. Move into a new, empty database.");
          return EXIT.failed;
        }
        io.err(`Move failed: ${error instanceof Error ? error.message : String(error)}.`);
        io.err("Nothing was committed to the PostgreSQL database: fix the problem and run the command again.");
        return EXIT.failed;
      }
      const rows = copied.reduce((sum, table) => sum + table.rows, 0);
      io.out(`Copied ${rows} rows of ${copied.length} tables. New ids continue after the highest ids SQLite used.`);
    }

    io.out(`Comparing the ${source} with the ${target}: row count and checksum of every table.`);
    let checks: TableCheck[];
    try {
      checks = await verifyMove(from, values.to);
    } catch (error) {
      io.err(`Verification failed: ${error instanceof Error ? error.message : String(error)}.`);
      return EXIT.failed;
    }
    const code = printChecks(io, checks);
    if (code === EXIT.ok && !values["verify-only"]) {
      io.out(
        "Next: start Ponte with DATABASE_URL set to the PostgreSQL database and the same ENCRYPTION_KEY. Keep the SQLite file as a backup.",
      );
    }
    return code;
  },
};
