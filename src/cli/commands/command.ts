// The shape of an admin command and what it is given: where to print, and the services (opened only when needed).
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { ServiceDeps } from "../../services/deps.ts";

export interface CliOutput {
  /** One human-readable line on stdout. */
  out(line: string): void;
  /** One line on stderr (errors, and status when stdout carries data). */
  err(line: string): void;
  /** Raw data on stdout, e.g. an exported CSV. */
  write(data: string): void;
}

export interface CommandContext {
  io: CliOutput;
  /** Opens the database (applying pending migrations) the first time it is called. */
  services(): Promise<ServiceDeps>;
  /** Paths in arguments are relative to this directory. */
  cwd: string;
  /** The environment the configuration comes from (DATABASE_URL…), and secrets a command reads (NEW_ENCRYPTION_KEY). */
  env: Readonly<Record<string, string | undefined>>;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface Command {
  name: string;
  /** Synopsis lines for `help`, e.g. "staff deactivate <telegram_id>". */
  usage: readonly string[];
  run(context: CommandContext, args: string[]): Promise<ExitCode>;
}

/** Wrong arguments: the dispatcher prints the message and the command's usage, and exits with 2. */
export class UsageError extends Error {}

/** node:util parseArgs, with its complaints (unknown or malformed options) turned into usage errors. */
export function parseOptions<Config extends ParseArgsConfig>(config: Config): ReturnType<typeof parseArgs<Config>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
