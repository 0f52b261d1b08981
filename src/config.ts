// Environment configuration, validated once at start-up (one clear line per problem, never a stack trace).
import { Cron } from "croner";
import { z } from "zod";

const base64Key = z
  .string()
  .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 bytes encoded in base64");

const telegramIds = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const ids = value
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part.length > 0);
    for (const id of ids) {
      if (!/^\d{1,15}$/.test(id)) {
        ctx.addIssue({ code: "custom", message: `"${id}" is not a Telegram user id` });
        return z.NEVER;
      }
    }
    return ids.map(Number);
  });

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, "is not a known IANA time zone");

const port = z.coerce.number().int().min(0).max(65535);

// When the weekly digest goes out, as a cron pattern in TIMEZONE (minute hour day-of-month month weekday).
const cronPattern = z.string().refine((pattern) => {
  try {
    new Cron(pattern, { paused: true });
    return true;
  } catch {
    return false;
  }
}, 'is not a cron pattern (e.g. "0 8 * * 1" for Mondays at 08:00)');

// For tests and demos only: an instant with its offset, where the process's clock starts (see src/services/clock.ts).
const instant = z.iso
  .datetime({ offset: true, error: 'must be an instant with its offset, e.g. "2026-11-30T08:00:00+01:00"' })
  .transform((value) => new Date(value));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  BOT_TOKEN: z.string().optional(),
  BOT_API_ROOT: z.url().default("https://api.telegram.org"),
  DATABASE_URL: z
    .string()
    .regex(
      /^(file:|postgres(ql)?:\/\/).+/,
      'must look like "file:./data/ponte.db" or "postgres://user@host:5432/ponte"',
    )
    .default("file:./data/ponte.db"),
  ENCRYPTION_KEY: base64Key.optional(),
  BOOTSTRAP_ADMIN_IDS: telegramIds,
  TIMEZONE: timeZone.default("Europe/Rome"),
  DEFAULT_LOCALE: z.enum(["it", "en"]).default("it"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DIGEST_CRON: cronPattern.default("0 8 * * 1"),
  ESCALATION_DELAY_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  ESCALATION_MAX_RESENDS: z.coerce.number().int().min(0).max(100).default(8),
  PLAN_CARD_TTL_HOURS: z.coerce.number().min(0).max(720).default(0),
  CLOCK_START: instant.optional(),
  WEBHOOK_URL: z.url().optional(),
  // Telegram's own rule for secret_token is 1–256 of these characters; fewer than 16 would be guessable.
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16–256 characters: letters, digits, _ and -")
    .optional(),
  PORT: port.default(8080),
  HOST: z.string().default("127.0.0.1"),
  METRICS_PORT: port.optional(),
});

/** Every variable Ponte reads from its environment. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export type Config = Omit<z.infer<typeof schema>, "ENCRYPTION_KEY" | "BOT_TOKEN"> & {
  BOT_TOKEN: string;
  ENCRYPTION_KEY: string;
  /** No ENCRYPTION_KEY was given: the fixed, public development key seals the data (see usesDevelopmentKey). */
  usesDevelopmentKey: boolean;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

// A fixed development key: only ever used when NODE_ENV is not production.
const DEVELOPMENT_KEY = Buffer.alloc(32, 7).toString("base64");

// A token as @BotFather issues them, sent to Telegram itself rather than to an emulator or a local Bot API server.
const REAL_TOKEN = /^\d{6,12}:[A-Za-z0-9_-]{35}$/;
function talksToRealTelegram(token: string | undefined, apiRoot: string): boolean {
  return REAL_TOKEN.test(token?.trim() ?? "") && new URL(apiRoot).hostname === "api.telegram.org";
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { requireToken: boolean } = { requireToken: true },
): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in schema.shape && value !== undefined && value !== ""),
  );
  const result = schema.safeParse(cleaned);
  const problems: string[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      const variable = String(issue.path[0] ?? "environment");
      problems.push(`${variable}: ${issue.message}`);
    }
  }
  if (options.requireToken && !env.BOT_TOKEN?.trim()) {
    problems.push("BOT_TOKEN: is required (get one from @BotFather)");
  }
  if (result.success && result.data.NODE_ENV === "production" && !result.data.ENCRYPTION_KEY) {
    problems.push("ENCRYPTION_KEY: is required when NODE_ENV=production (32 random bytes, base64)");
  }
  if (
    result.success &&
    !result.data.ENCRYPTION_KEY &&
    options.requireToken &&
    talksToRealTelegram(env.BOT_TOKEN, result.data.BOT_API_ROOT)
  ) {
    problems.push("ENCRYPTION_KEY: is required with a real bot token (the development key is public)");
  }
  if (result.success && result.data.WEBHOOK_URL && !result.data.WEBHOOK_SECRET) {
    problems.push("WEBHOOK_SECRET: is required with WEBHOOK_URL (Telegram sends it with every update)");
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return {
    ...result.data,
    BOT_TOKEN: env.BOT_TOKEN?.trim() ?? "",
    ENCRYPTION_KEY: result.data.ENCRYPTION_KEY ?? DEVELOPMENT_KEY,
    usesDevelopmentKey: !result.data.ENCRYPTION_KEY,
  };
}
