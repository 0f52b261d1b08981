// Every test that talks to a Bot API emulator fails if the bot made a call real Telegram would refuse (too long a
// text, too many buttons, 64-byte callback data…), answered a callback query twice, or left one unanswered.
import { afterAll, afterEach } from "vitest";
import { takeViolations } from "../../src/local/telegram-limits.ts";

function failOnViolations(): void {
  const violations = takeViolations();
  if (violations.length === 0) return;
  const lines = violations.map((v) => `  ${v.method}: ${v.detail}`);
  throw new Error(`Bot API calls real Telegram would refuse:\n${lines.join("\n")}`);
}

afterEach(failOnViolations);
afterAll(failOnViolations);
