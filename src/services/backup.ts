// Online backup of the SQLite database (SQLite's backup API), safe while the bot is writing.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseFilePath } from "../db/client.ts";

export interface BackupReport {
  file: string;
  pages: number;
}

export async function backupDatabase(databaseUrl: string, destination: string): Promise<BackupReport> {
  const source = databaseFilePath(databaseUrl);
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  if (existsSync(destination)) throw new Error(`${destination} already exists: choose a new file name`);
  mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const sqlite = new Database(source, { fileMustExist: true, timeout: 10_000 });
  try {
    // All pages in one step: copied in small steps, every write by the bot would restart the copy.
    const { totalPages } = await sqlite.backup(destination, { progress: ({ totalPages: pages }) => pages });
    const copy = new Database(destination);
    try {
      // A self-contained file (no -wal/-shm beside it), checked before it is trusted.
      copy.pragma("journal_mode = DELETE");
      const check = copy.pragma("integrity_check", { simple: true });
      if (check !== "ok") throw new Error(`the backup failed its integrity check: ${String(check)}`);
    } finally {
      copy.close();
    }
    return { file: destination, pages: totalPages };
  } finally {
    sqlite.close();
  }
}
