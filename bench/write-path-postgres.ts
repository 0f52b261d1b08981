// The raw side of write_path_ratio on PostgreSQL: the same rows and transaction shape as Ponte's attendance writer
// (session, operator, one attendance row at a time, audit entry), through pg on a connection of its own.
import pg from "pg";
import { type Occurrence, type RawWrites, rawSessionOf } from "./write-path.ts";

const INSERT_SESSION = `INSERT INTO "Session" ("siteId", "kind", "activityId", "occurredAt", "occurredOn", "recordedAt",
  "durationMinutes", "authorId", "groupKey", "clientRef", "updatedAt")
  VALUES ($1, 'group_activity', $2, $3, $4, $5, 60, $6, $7, $8, $5) RETURNING "id"`;
const INSERT_OPERATOR = `INSERT INTO "SessionOperator" ("sessionId", "staffId") VALUES ($1, $2)`;
const INSERT_ATTENDANCE = `INSERT INTO "Attendance" ("sessionId", "personId", "status") VALUES ($1, $2, $3)`;
const INSERT_AUDIT = `INSERT INTO "AuditEntry" ("at", "actorId", "action", "subjectType", "subjectId", "details")
  VALUES ($1, $2, 'session.create', 'session', $3, $4)`;

export function postgresRawWrites(databaseUrl: string): RawWrites {
  return async (planned) => {
    // The server's defaults, as Ponte's own connections have them, so neither side gets cheaper commits.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    // Named statements are parsed once per connection, as better-sqlite3's prepared ones are.
    const run = (name: string, text: string, values: unknown[]) => client.query<{ id: number }>({ name, text, values });
    // Instants in UTC: the columns are timestamps without a time zone, as Prisma writes them.
    const now = new Date().toISOString();
    const logOne = async (o: Occurrence, index: number) => {
      const session = rawSessionOf(o, index);
      await client.query("BEGIN");
      try {
        const { rows } = await run("session", INSERT_SESSION, [
          o.siteId,
          o.activityId,
          session.occurredAt,
          session.occurredOn,
          now,
          o.facilitatorId,
          session.groupKey,
          session.clientRef,
        ]);
        const sessionId = rows[0]?.id;
        await run("operator", INSERT_OPERATOR, [sessionId, o.facilitatorId]);
        for (const [personId, status] of Object.entries(o.statuses))
          await run("attendance", INSERT_ATTENDANCE, [sessionId, Number(personId), status]);
        await run("audit", INSERT_AUDIT, [
          now,
          o.facilitatorId,
          String(sessionId),
          JSON.stringify({ statuses: o.statuses }),
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    };
    try {
      const started = performance.now();
      for (const [index, o] of planned.entries()) await logOne(o, index);
      return (performance.now() - started) / 1000;
    } finally {
      await client.end();
    }
  };
}
