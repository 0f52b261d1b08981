// Webhook mode, where any instance sharing the database may receive any update: a chat's stored updates are handled
// by one instance at a time (runInTurn), oldest first, whichever instance stored them; under that turn dedupe-updates
// passes over an update another instance already handled. Every instance also sweeps the inbox now and then, so the
// updates of an instance that died (stored, or cut short while handled) are handled by another.
import type { Bot } from "grammy";
import { runInTurn } from "../db/locks.ts";
import { describeError } from "../logger.ts";
import type { ServiceDeps } from "../services/deps.ts";
import type { BotContext } from "./context.ts";
import { pendingChats, storedUpdatesOf } from "./inbox.ts";

/** How often an instance looks for updates nobody is handling. */
const SWEEP_MS = 2_000;

export interface ChatTurns {
  /** Handles what the inbox holds for this chat; resolves once done (or given up). */
  request(chat: string): Promise<void>;
  /** Handles what the inbox holds for every chat; resolves once done. */
  sweep(): Promise<void>;
  /** Sweeps every SWEEP_MS until stop. */
  startSweeping(): void;
  /** No more sweeps; waits up to graceMs for the chats under way, then stops each before its next update. */
  stop(graceMs: number): Promise<void>;
}

export function createChatTurns(bot: Bot<BotContext>, deps: ServiceDeps): ChatTurns {
  // One run per chat in this instance; a request during a run asks for one more (updates stored meanwhile).
  const runs = new Map<string, { again: boolean; done: Promise<void> }>();
  // Updates that failed here stay in the inbox, as after a failure before: not retried by this instance.
  const failed = new Set<number>();
  let sweeping = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;

  const handleChat = (chat: string) =>
    runInTurn(deps.db, `chat:${chat}`, async () => {
      for (const update of await storedUpdatesOf(deps, chat)) {
        if (stopping) return;
        if (failed.has(update.update_id)) continue;
        try {
          await bot.handleUpdate(update);
        } catch (error) {
          failed.add(update.update_id);
          deps.logger.error({ updateId: update.update_id, error: describeError(error) }, "update failed");
        }
      }
    });

  const request = (chat: string): Promise<void> => {
    const current = runs.get(chat);
    if (current) {
      current.again = true;
      return current.done;
    }
    const run = { again: true, done: Promise.resolve() };
    run.done = (async () => {
      try {
        while (run.again && !stopping) {
          run.again = false;
          await handleChat(chat);
        }
      } catch (error) {
        // Left in the inbox: the next sweep (here or elsewhere) tries again.
        deps.logger.error({ error: describeError(error) }, "a chat's updates could not be handled");
      } finally {
        runs.delete(chat);
      }
    })();
    runs.set(chat, run);
    return run.done;
  };

  const sweep = async () => {
    await Promise.all((await pendingChats(deps)).map(request));
  };

  return {
    request,
    sweep,
    startSweeping() {
      sweeping = true;
      const next = () => {
        timer = setTimeout(() => {
          if (!sweeping) return;
          sweep().catch((error: unknown) =>
            deps.logger.error({ error: describeError(error) }, "sweeping the inbox failed"),
          );
          next();
        }, SWEEP_MS);
        timer.unref();
      };
      next();
    },
    async stop(graceMs) {
      sweeping = false;
      clearTimeout(timer);
      await Promise.race([
        Promise.all([...runs.values()].map((run) => run.done)),
        new Promise((resolve) => setTimeout(resolve, graceMs).unref()),
      ]);
      stopping = true;
    },
  };
}
