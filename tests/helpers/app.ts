// The whole app as `npm start` wires it (src/app.ts), in this process, against the Bot API emulator: for the webhook,
// polling, /healthz, /metrics and stop tests. Waits are on the app's own "update handled" signal.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type RunningApp, startApp } from "../../src/app.ts";
import type { BotDeps } from "../../src/bot/create-bot.ts";
import { loadConfig } from "../../src/config.ts";
import type { BotApiEmulator } from "../../src/local/bot-api-emulator.ts";
import { ChatUser, type UserProfile } from "../../src/local/chat-user.ts";
import { HandledUpdates } from "../../src/local/handled-updates.ts";
import { createLogger } from "../../src/logger.ts";
import { TEST_KEY, type TestDatabase } from "./database.ts";
import { BOT_TOKEN } from "./harness.ts";

export const WEBHOOK_SECRET = "test-webhook-secret-0123456789";

export async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export interface TestApp {
  app: RunningApp;
  user(profile: UserProfile): ChatUser;
  waitForHandled(updateId: number): Promise<void>;
  /** Handled update ids, in the order their handling ended. */
  handled: number[];
}

export async function startTestApp(
  emulator: BotApiEmulator,
  database: TestDatabase,
  env: Record<string, string> = {},
  extra: Partial<Pick<BotDeps, "extraFeatures">> = {},
): Promise<TestApp> {
  const config = loadConfig({
    BOT_TOKEN,
    BOT_API_ROOT: emulator.apiRoot,
    DATABASE_URL: database.url,
    ENCRYPTION_KEY: TEST_KEY,
    BOOTSTRAP_ADMIN_IDS: "1001",
    ...env,
  });
  const handled: number[] = [];
  const handledUpdates = new HandledUpdates();
  const app = await startApp(config, createLogger("silent"), {
    ...extra,
    onUpdateHandled: (updateId) => {
      handled.push(updateId);
      handledUpdates.mark(updateId);
    },
  });
  const waitForHandled = handledUpdates.wait;
  return {
    app,
    handled,
    waitForHandled,
    user: (profile) => new ChatUser(emulator, BOT_TOKEN, profile, waitForHandled),
  };
}

/** Env for webhook mode on a free local port; the emulator POSTs to it. */
export async function webhookEnv(path = "/telegram/updates"): Promise<Record<string, string>> {
  const port = await freePort();
  return { WEBHOOK_URL: `http://127.0.0.1:${port}${path}`, WEBHOOK_SECRET, PORT: String(port) };
}
