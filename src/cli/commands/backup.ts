// `backup <file>`: an online copy of the database (SQLite's backup API, or pg_dump), safe while the bot is running.
// Restoring it: docs/backup-restore.md.
import { chmod } from "node:fs/promises";
import path from "node:path";
import { loadConfig } from "../../config.ts";
import { type BackupReport, backupDatabase } from "../../db/client.ts";
import { type Command, EXIT, UsageError } from "./command.ts";

export const backupCommand: Command = {
  name: "backup",
  usage: ["backup <file>   (a new file; restoring: docs/backup-restore.md)"],
  async run({ io, cwd, env }, args) {
    const [file, ...extra] = args;
    if (file === undefined || extra.length > 0) throw new UsageError("give exactly one new file: backup <file>");
    // No services: a backup neither migrates nor needs the key, it copies the database as it is.
    const { DATABASE_URL } = loadConfig(env, { requireToken: false });
    const destination = path.resolve(cwd, file);
    let copied: BackupReport;
    try {
      copied = await backupDatabase(DATABASE_URL, destination);
    } catch (error) {
      io.err(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.failed;
    }
    // Owner-only, like every export: the copy holds case data, and names encrypted under ENCRYPTION_KEY.
    await chmod(destination, 0o600);
    io.out(`Backed up ${copied.source} to ${file} (${copied.check}).`);
    io.out(
      "Names and notes in it can only be read with the current ENCRYPTION_KEY: keep the key, apart from the backups.",
    );
    return EXIT.ok;
  },
};
