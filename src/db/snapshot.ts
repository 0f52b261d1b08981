// A read-only snapshot of the database at a URL, on a connection opened for it and closed after: what a child process
// computing a report uses, without a Prisma client or either engine's module loaded beyond its own.
import type { SqlSession } from "./sql.ts";
import { databaseFilePath, isPostgresUrl } from "./url.ts";

export async function readSnapshotAt<T>(databaseUrl: string, work: (sql: SqlSession) => Promise<T>): Promise<T> {
  if (isPostgresUrl(databaseUrl)) {
    const { readTransactionAt } = await import("./postgres/pool.ts");
    return readTransactionAt(databaseUrl, work);
  }
  const { readTransactionAt } = await import("./sqlite/connections.ts");
  return readTransactionAt(databaseFilePath(databaseUrl), work);
}
