// The PostgreSQL side of the test databases (npm run test:postgres): the run's template database, migrated once, and
// one copy of it per test, all named after the run so that the run drops exactly its own.
import pg from "pg";

/** The server's URL with another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<void> {
  await onServer(serverUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
        // A test database never outlives a crash of the server: its commits need not wait for the disk.
        await client.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`);
        return;
      } catch (error) {
        // Two workers copying the template at once: the second one waits its turn.
        const busy = /is being accessed by other users/.test(String(error));
        if (!busy || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  });
}

export async function dropDatabases(serverUrl: string, names: readonly string[]): Promise<void> {
  await onServer(serverUrl, async (client) => {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/** The databases whose names start with the run's prefix. */
export async function databasesOfRun(serverUrl: string, prefix: string): Promise<string[]> {
  return onServer(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
      [prefix],
    );
    return rows.map((row) => row.datname);
  });
}
