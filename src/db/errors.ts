// A unique-constraint violation, as Prisma (P2002), better-sqlite3 or pg (the attendance writer) reports it: callers
// only care that the row already exists.
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "P2002" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505";
}
