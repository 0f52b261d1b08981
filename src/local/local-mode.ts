// `npm run local`: a Bot API emulator on loopback, the real bot against it on a fresh demo database, and a terminal
// chat. Interactive on a terminal; with --script or piped input it runs the lines and prints the transcript.
import { createReadStream, existsSync, rmSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import pino from "pino";
import { startApp } from "../app.ts";
import { type Config, ConfigError, loadConfig } from "../config.ts";
import { applyMigrations, closeDatabase, openDatabase } from "../db/client.ts";
import { createLogger } from "../logger.ts";
import { createClock } from "../services/clock.ts";
import { createCipher } from "../services/crypto.ts";
import type { Clock } from "../services/deps.ts";
import { startBotApiEmulator } from "./bot-api-emulator.ts";
import { DEMO_USERS } from "./demo-catalogue.ts";
import { buildDemoWorld } from "./demo-data.ts";
import { seedDemoDatabase } from "./demo-seed.ts";
import { HandledUpdates } from "./handled-updates.ts";
import { type DemoIdentity, TerminalChat } from "./terminal-chat.ts";

export interface LocalModeOptions {
  /** Keep the demo database of the last run instead of making a fresh one. */
  keep: boolean;
  /** Read the lines from this file instead of the keyboard. */
  scriptPath: string | null;
  /** Holds demo.db, local.log and local-files/. */
  dataDir: string;
}

const TOKEN = "local:demo";

export const DEMO_IDENTITIES: DemoIdentity[] = [
  { label: "Ada Demo — amministratrice / admin", profile: DEMO_USERS.admin },
  {
    label: "Corrado Demo — coordinatore / coordinator (Bollate, Lambrate, Casa Ponte)",
    profile: DEMO_USERS.coordinator,
  },
  { label: "Olivia Demo — operatrice / operator (Bollate, Casa Ponte)", profile: DEMO_USERS.operator },
  {
    label: "Renato Demo — reperibile di turno ora / on call now (tutte le sedi / all sites)",
    profile: DEMO_USERS.onCall,
  },
  { label: "Sara — sconosciuta senza accesso / a stranger without access", profile: DEMO_USERS.stranger },
];

const BANNER = `
Ponte — prova locale / local try-it mode
Nessuna rete, nessun token: un Telegram finto su 127.0.0.1 e dati demo inventati.
No network, no token: a fake Telegram on 127.0.0.1 and invented demo data.

Come si usa / how to use it:
  testo o /comando  → lo invii al bot          text or /command → sent to the bot
  1, 2, …           → tocchi il pulsante [1]…  taps inline button [1]…
  m1, m2, …         → pulsante del menu [m1]…  presses menu button [m1]…
  \\2                → invia il testo "2"        sends the text "2"
  invio / enter     → rivedi i pulsanti        shows the buttons again
  /switch           → cambi utente demo        changes demo user
  /quit o Ctrl-D    → esci                     quits
`;

function localConfig(apiRoot: string, databaseUrl: string): Config {
  // The demo never uses the real token, key or database, whatever the environment says.
  return loadConfig(
    {
      ...process.env,
      NODE_ENV: "development",
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: apiRoot,
      DATABASE_URL: databaseUrl,
      ENCRYPTION_KEY: undefined,
      BOOTSTRAP_ADMIN_IDS: undefined,
      LOG_LEVEL: "warn",
      // Always long polling against the local emulator, and no HTTP server.
      WEBHOOK_URL: undefined,
      METRICS_PORT: undefined,
    },
    { requireToken: true },
  );
}

async function createDemoDatabase(config: Config, file: string, clock: Clock): Promise<void> {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
  await applyMigrations(config.DATABASE_URL);
  const db = await openDatabase(config.DATABASE_URL);
  try {
    const world = buildDemoWorld({ now: clock(), timeZone: config.TIMEZONE });
    await seedDemoDatabase(db, createCipher(config.ENCRYPTION_KEY), world);
  } finally {
    await closeDatabase(db);
  }
}

/** A new emulator numbers its updates from 1 again: forget the ids the last run handled, or they would be ignored. */
async function reuseDemoDatabase(config: Config): Promise<void> {
  const db = await openDatabase(config.DATABASE_URL);
  try {
    await db.processedUpdate.deleteMany();
  } finally {
    await closeDatabase(db);
  }
}

export async function runLocalMode(options: LocalModeOptions): Promise<number> {
  const dbFile = path.join(options.dataDir, "demo.db");
  const emulator = await startBotApiEmulator();
  let config: Config;
  try {
    config = localConfig(emulator.apiRoot, `file:${dbFile}`);
  } catch (error) {
    await emulator.stop();
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(`Configuration error — ${problem}`);
    return 1;
  }
  const logFile = path.join(options.dataDir, "local.log");
  const logger = createLogger(config.LOG_LEVEL, pino.destination({ dest: logFile, mkdir: true, sync: true }));

  const interactive = options.scriptPath === null && Boolean(process.stdin.isTTY && process.stdout.isTTY);
  console.log(BANNER);
  // CLOCK_START dates the demo and runs the bot from that instant, so a script reads the same at any hour.
  const clock = createClock(config.CLOCK_START);
  if (options.keep && existsSync(dbFile)) {
    await reuseDemoDatabase(config);
  } else {
    console.log("Preparo i dati demo… / preparing the demo data…");
    await createDemoDatabase(config, dbFile, clock);
  }
  const handled = new HandledUpdates();
  const app = await startApp(config, logger, { clock, onUpdateHandled: handled.mark });
  // What the jobs send at the start (reminders, reviews due, a Monday's digest) arrives before the first line.
  await app.settled();
  console.log(`Database: ${dbFile} · log: ${logFile}\n`);

  const input = options.scriptPath ? createReadStream(options.scriptPath) : process.stdin;
  const lines = readline.createInterface({
    input,
    output: interactive ? process.stdout : undefined,
    terminal: interactive,
  });
  let busy = false;
  const write = (text: string) => {
    if (!interactive) return void console.log(text);
    readline.clearLine(process.stdout, 0);
    readline.cursorTo(process.stdout, 0);
    process.stdout.write(`${text}\n`);
    if (!busy) lines.prompt(true);
  };
  const chat = new TerminalChat({
    emulator,
    token: TOKEN,
    identities: DEMO_IDENTITIES,
    filesDir: path.join(options.dataDir, "local-files"),
    write,
    waitForHandled: async (updateId) => {
      await handled.wait(updateId);
      await app.settled();
    },
  });
  const prompt = () => {
    lines.setPrompt(`${chat.currentName ?? "?"}> `);
    lines.prompt();
  };
  lines.on("SIGINT", () => lines.close());
  process.once("SIGTERM", () => lines.close());

  console.log(chat.picker());
  if (interactive) prompt();
  try {
    for await (const line of lines) {
      if (!interactive) {
        if (line.trim().startsWith("#")) continue; // comments in demo scripts
        console.log(`> ${line}`);
      }
      busy = true;
      const outcome = await chat.handleLine(line);
      busy = false;
      if (outcome === "quit") break;
      if (interactive) prompt();
    }
  } finally {
    lines.close();
    chat.dispose();
    const stopping = app.stop();
    emulator.events.emit("user-update"); // releases the bot's pending long poll so that it stops at once
    await stopping;
    await emulator.stop();
  }
  console.log("\nArrivederci / goodbye.");
  return 0;
}
