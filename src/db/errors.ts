// A unique-constraint violation, as Prisma (P2002) or better-sqlite3 (the attendance writer) reports it: callers
// only care that the row already exists.
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "P2002" || code === "SQLITE_CONSTRAINT_UNIQUE";
}
