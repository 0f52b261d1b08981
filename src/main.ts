// `npm start`: validate the configuration, apply migrations, then long-poll Telegram until SIGINT/SIGTERM.
import pino from "pino";
import { startApp } from "./app.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env, { requireToken: true });
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) console.error(`Configuration error — ${problem}`);
      process.exit(1);
    }
    throw error;
  }
  // Each line written before the next: an instance killed (SIGKILL, out of memory) keeps its last lines in the logs.
  const logger = createLogger(config.LOG_LEVEL, pino.destination({ dest: 1, sync: true }));
  const app = await startApp(config, logger);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, "stopping");
    await app.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`Ponte could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
