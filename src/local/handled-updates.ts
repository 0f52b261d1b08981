// Which updates the bot has finished with, so a driver (the terminal chat, a test) waits for each answer instead of
// guessing how long the bot needs. Fed by createBot's onUpdateHandled.
import type { WaitForHandled } from "./chat-user.ts";

export class HandledUpdates {
  private readonly handled = new Set<number>();
  private readonly waiters = new Map<number, () => void>();

  /** @param limitMs how long an update may take before the wait fails: only a stuck bot takes that long. */
  constructor(private readonly limitMs = 120_000) {}

  readonly mark = (updateId: number): void => {
    this.handled.add(updateId);
    this.waiters.get(updateId)?.();
  };

  readonly wait: WaitForHandled = (updateId) =>
    new Promise<void>((resolve, reject) => {
      if (this.handled.has(updateId)) return resolve();
      const timer = setTimeout(() => {
        this.waiters.delete(updateId);
        reject(new Error(`update ${updateId} was not handled within ${this.limitMs / 1000} s`));
      }, this.limitMs);
      this.waiters.set(updateId, () => {
        clearTimeout(timer);
        this.waiters.delete(updateId);
        resolve();
      });
    });
}
