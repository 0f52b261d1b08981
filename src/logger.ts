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
