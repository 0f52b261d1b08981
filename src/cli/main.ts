// `npm run cli -- <command>`: the programme office's admin commands (imports, exports, staff, invites, backups…).
// Exit codes: 0 done, 1 failed (row errors, unknown ids, bad configuration), 2 wrong arguments.
import pino from "pino";
import { openServices } from "../app.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { closeDatabase } from "../db/client.ts";
import { createLogger } from "../logger.ts";
import type { ServiceDeps } from "../services/deps.ts";
import { EXIT, type ExitCode } from "./commands/command.ts";
import { runCli } from "./commands/index.ts";

async function main(argv: string[]): Promise<ExitCode> {
  let opened: Promise<ServiceDeps> | undefined;
  const open = async () => {
    const config = loadConfig(process.env, { requireToken: false });
    // Logs go to stderr: stdout may be carrying an exported CSV.
    return openServices(config, createLogger(config.LOG_LEVEL, pino.destination(2)));
  };
  const services = () => {
    opened ??= open();
    return opened;
  };
  try {
    return await runCli(argv, {
      io: {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
        write: (data) => process.stdout.write(data),
      },
      services,
      cwd: process.cwd(),
      env: process.env,
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) console.error(`Configuration error — ${problem}`);
    } else {
      console.error(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return EXIT.failed;
  } finally {
    await opened?.then(
      (deps) => closeDatabase(deps.db),
      () => undefined,
    );
  }
}

process.exitCode = await main(process.argv.slice(2));
