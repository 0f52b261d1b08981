// How fast the outbox may call Telegram: every API call counts toward about 30 per second overall, one chat gets at
// most one message per second, and a 429 holds what it holds: the chat it answered for, or — when a second chat is
// refused while the first is still held — every chat, since the limit hit is then the bot's own. Pure timing logic
// on numbers (milliseconds), so it is tested without a clock or a network.

export interface PacingLimits {
  /** API calls per second for the whole bot (Telegram: about 30). */
  callsPerSecond: number;
  /** Smallest gap between two messages to one chat (Telegram: about one per second). */
  perChatGapMs: number;
}

export const TELEGRAM_LIMITS: PacingLimits = { callsPerSecond: 28, perChatGapMs: 1000 };

export type HoldScope = "chat" | "global";

export class SendPacer {
  private nextCallAt = 0;
  private globalHoldUntil = 0;
  private readonly chatReadyAt = new Map<string, number>();
  private readonly chatHoldUntil = new Map<string, number>();

  constructor(private readonly limits: PacingLimits = TELEGRAM_LIMITS) {}

  /** Milliseconds until this chat may get its next message (its own gap and hold only). */
  chatWait(chat: string, now: number): number {
    return Math.max(0, (this.chatReadyAt.get(chat) ?? 0) - now, (this.chatHoldUntil.get(chat) ?? 0) - now);
  }

  /** Milliseconds until the bot may make its next call at all (the overall rate and a global hold). */
  globalWait(now: number): number {
    return Math.max(0, this.nextCallAt - now, this.globalHoldUntil - now);
  }

  /**
   * Records a call to the chat made at `now`. A call less than a gap after its slot was only held up (by the claim's
   * queries): the next slot follows that slot, or the overall rate would drift down by as much on every call. After a
   * longer pause it follows the call. Either way no second holds more than callsPerSecond + 1 calls.
   */
  called(chat: string, now: number): void {
    const gap = 1000 / this.limits.callsPerSecond;
    this.nextCallAt = (now - this.nextCallAt < gap ? this.nextCallAt : now) + gap;
    this.chatReadyAt.set(chat, now + this.limits.perChatGapMs);
  }

  /** Records a 429 for the chat with Telegram's retry_after; returns what it holds. */
  rateLimited(chat: string, retryAfterMs: number, now: number): HoldScope {
    const until = now + retryAfterMs;
    const otherChatHeld = [...this.chatHoldUntil].some(([held, heldUntil]) => held !== chat && heldUntil > now);
    this.chatHoldUntil.set(chat, Math.max(this.chatHoldUntil.get(chat) ?? 0, until));
    if (!otherChatHeld) return "chat";
    this.globalHoldUntil = Math.max(this.globalHoldUntil, until);
    return "global";
  }

  /** Forgets chats whose gap and hold are over, so the maps stay as small as the chats in flight. */
  prune(now: number): void {
    for (const [chat, at] of this.chatReadyAt) if (at <= now) this.chatReadyAt.delete(chat);
    for (const [chat, at] of this.chatHoldUntil) if (at <= now) this.chatHoldUntil.delete(chat);
  }
}
