// pino logger that never writes names, notes or message texts: those fields are redacted wherever they appear.
import pino, { type Logger } from "pino";

export const REDACTED_PATHS = [
  "text",
  "*.text",
  "*.*.text",
  "caption",
  "*.caption",
  "first_name",
  "*.first_name",
  "*.*.first_name",
  "last_name",
  "*.last_name",
  "*.*.last_name",
  "username",
  "*.username",
  "*.*.username",
  "givenName",
  "familyName",
  "*.givenName",
  "*.familyName",
  "note",
  "*.note",
  "description",
  "*.description",
  "reason",
  "*.reason",
  "phone",
  "*.phone",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" }, base: { app: "ponte" } }, destination);
}

/**
 * What may be logged about an error: its kind, code and where it happened. Never its message, which can carry
 * input values (Prisma validation errors print the query arguments, for instance).
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (typeof error !== "object" || error === null) return { kind: typeof error };
  const { name, code, error_code, method } = error as {
    name?: string;
    code?: unknown;
    error_code?: unknown;
    method?: unknown;
  };
  const stack = (error as { stack?: string }).stack;
  const frames = stack
    ?.split("\n")
    .filter((line) => line.trimStart().startsWith("at "))
    .slice(0, 6)
    .map((line) => line.trim());
  return { kind: name ?? "Error", code: code ?? error_code, method, frames };
}
