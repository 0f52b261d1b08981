// The database holds health and criminal-justice data: nobody but its owner may read the file, its WAL or SHM.
import { randomUUID } from "node:crypto";
import { rmSync, statSync } from "node:fs";
import { afterEach, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.ts";

const folder = `.tmp/modes-${randomUUID()}/data`;
afterEach(() => rmSync(folder.replace(/\/data$/, ""), { recursive: true, force: true }));

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

it("creates the data folder 0700 and the database, WAL and SHM 0600, whatever the umask lets through", async () => {
  const previous = process.umask(0o022);
  try {
    const db = await openDatabase(`file:${folder}/ponte.db`);
    await db.$executeRawUnsafe("CREATE TABLE note (text TEXT)");
    await db.$executeRawUnsafe("INSERT INTO note VALUES ('x')");
    expect([folder, `${folder}/ponte.db`, `${folder}/ponte.db-wal`, `${folder}/ponte.db-shm`].map(mode)).toEqual([
      "700",
      "600",
      "600",
      "600",
    ]);
    await db.$disconnect();
  } finally {
    process.umask(previous);
  }
});
