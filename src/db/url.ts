// What a DATABASE_URL names, without loading either engine: a child process opens its own connection from it.
import type { PrismaClient as Db } from "./generated/client.ts";

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//.test(databaseUrl);
}

/** The database and its server, without the credentials of the URL. */
export function describePostgresUrl(databaseUrl: string): string {
  const { hostname, port, pathname } = new URL(databaseUrl);
  return `PostgreSQL database ${pathname.slice(1)} on ${hostname}${port ? `:${port}` : ""}`;
}

export function databaseFilePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, "");
}

const urls = new WeakMap<Db, string>();

export function registerDatabaseUrl(db: Db, databaseUrl: string): void {
  urls.set(db, databaseUrl);
}

/** The URL a client was opened with: a child process computing a report opens its own connection to it. */
export function databaseUrlOf(db: Db): string {
  const url = urls.get(db);
  if (url === undefined) throw new Error("this Prisma client was not opened with openDatabase");
  return url;
}
