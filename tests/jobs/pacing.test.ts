import { describe, expect, it } from "vitest";
import { SendPacer } from "../../src/jobs/pacing.ts";

describe("SendPacer", () => {
  it("spaces every call by the overall rate, and one chat's messages by a second", () => {
    const pacer = new SendPacer({ callsPerSecond: 25, perChatGapMs: 1000 });
    expect([pacer.globalWait(0), pacer.chatWait("a", 0)]).toEqual([0, 0]);
    pacer.called("a", 0);
    expect(pacer.globalWait(0)).toBe(40);
    expect(pacer.chatWait("a", 40)).toBe(960);
    expect(pacer.chatWait("b", 40)).toBe(0);
    pacer.called("b", 40);
    expect(pacer.globalWait(50)).toBe(30);
    expect(pacer.chatWait("a", 1000)).toBe(0);
  });

  it("keeps the overall rate when each call starts a little after its slot, and never exceeds it by more than one", () => {
    const pacer = new SendPacer({ callsPerSecond: 25, perChatGapMs: 1000 });
    const calls: number[] = [];
    let now = 0;
    for (let chat = 0; now < 10_000; chat++) {
      now += pacer.globalWait(now) + (chat % 7) * 3; // the claim's queries take 0–18 ms
      pacer.called(String(chat), now);
      calls.push(now);
    }
    expect(calls.length).toBeGreaterThanOrEqual(250);
    const busiestSecond = Math.max(...calls.map((start) => calls.filter((t) => t >= start && t < start + 1000).length));
    expect(busiestSecond).toBeLessThanOrEqual(26);
  });

  it("holds only the chat a 429 answered for", () => {
    const pacer = new SendPacer({ callsPerSecond: 25, perChatGapMs: 1000 });
    expect(pacer.rateLimited("a", 5000, 0)).toBe("chat");
    expect(pacer.chatWait("a", 1000)).toBe(4000);
    expect(pacer.chatWait("b", 1000)).toBe(0);
    expect(pacer.globalWait(1000)).toBe(0);
    // Once the first hold is over, a 429 for another chat is again that chat's own.
    expect(pacer.rateLimited("b", 2000, 6000)).toBe("chat");
    expect(pacer.globalWait(6000)).toBe(0);
  });

  it("holds everything when a second chat is refused while the first is still held: the bot's own flood wait", () => {
    const pacer = new SendPacer({ callsPerSecond: 25, perChatGapMs: 1000 });
    pacer.rateLimited("a", 3000, 0);
    expect(pacer.rateLimited("b", 3000, 100)).toBe("global");
    expect(pacer.globalWait(100)).toBe(3000);
    expect(pacer.chatWait("c", 100)).toBe(0);
    expect(pacer.globalWait(3100)).toBe(0);
  });

  it("forgets chats whose gap and hold are over", () => {
    const pacer = new SendPacer({ callsPerSecond: 25, perChatGapMs: 1000 });
    pacer.called("a", 0);
    pacer.rateLimited("b", 500, 0);
    pacer.prune(2000);
    expect([pacer.chatWait("a", 0), pacer.chatWait("b", 0)]).toEqual([0, 0]);
  });
});
