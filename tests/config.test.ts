import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

function problems(env: Record<string, string>, requireToken = true): string[] {
  try {
    loadConfig(env, { requireToken });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("configuration", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig({ BOT_TOKEN: "1:abc" });
    expect(config.DATABASE_URL).toBe("file:./data/ponte.db");
    expect(config.TIMEZONE).toBe("Europe/Rome");
    expect(config.DEFAULT_LOCALE).toBe("it");
    expect(config.BOT_API_ROOT).toBe("https://api.telegram.org");
    expect(config.BOOTSTRAP_ADMIN_IDS).toEqual([]);
  });

  it("refuses the public development key with a token sent to Telegram itself, not with an emulator's", () => {
    const realToken = `7712345678:${"x".repeat(35)}`;
    expect(problems({ BOT_TOKEN: realToken })).toEqual([
      "ENCRYPTION_KEY: is required with a real bot token (the development key is public)",
    ]);
    expect(problems({ BOT_TOKEN: realToken, BOT_API_ROOT: "http://127.0.0.1:8081" })).toEqual([]);
    expect(problems({ BOT_TOKEN: "123456:TEST-TOKEN" })).toEqual([]);
    expect(loadConfig({ BOT_TOKEN: "1:abc" }).usesDevelopmentKey).toBe(true);
    expect(
      loadConfig({ BOT_TOKEN: realToken, ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64") }).usesDevelopmentKey,
    ).toBe(false);
  });

  it("parses bootstrap admin ids", () => {
    expect(loadConfig({ BOT_TOKEN: "1:abc", BOOTSTRAP_ADMIN_IDS: "1001, 2002" }).BOOTSTRAP_ADMIN_IDS).toEqual([
      1001, 2002,
    ]);
  });

  it("names each bad variable once", () => {
    const found = problems({
      BOT_TOKEN: "",
      ENCRYPTION_KEY: "dG9vIHNob3J0",
      TIMEZONE: "Europe/Atlantis",
      DEFAULT_LOCALE: "fr",
      BOT_API_ROOT: "not a url",
    });
    expect(found.map((line) => line.split(":")[0]).sort()).toEqual([
      "BOT_API_ROOT",
      "BOT_TOKEN",
      "DEFAULT_LOCALE",
      "ENCRYPTION_KEY",
      "TIMEZONE",
    ]);
  });

  it("requires an encryption key in production but not the token for admin commands", () => {
    expect(problems({ NODE_ENV: "production" }, false)).toEqual([
      "ENCRYPTION_KEY: is required when NODE_ENV=production (32 random bytes, base64)",
    ]);
    const key = Buffer.alloc(32, 9).toString("base64");
    expect(problems({ NODE_ENV: "production", ENCRYPTION_KEY: key }, false)).toEqual([]);
  });

  it("switches to webhooks only with a secret Telegram can send, and checks the ports", () => {
    expect(problems({ BOT_TOKEN: "1:abc", WEBHOOK_URL: "https://bot.example.org/telegram" })).toEqual([
      "WEBHOOK_SECRET: is required with WEBHOOK_URL (Telegram sends it with every update)",
    ]);
    expect(
      problems({ BOT_TOKEN: "1:abc", WEBHOOK_URL: "https://bot.example.org/telegram", WEBHOOK_SECRET: "short" }),
    ).toEqual(["WEBHOOK_SECRET: must be 16–256 characters: letters, digits, _ and -"]);
    expect(problems({ BOT_TOKEN: "1:abc", PORT: "http", METRICS_PORT: "70000" }).map((p) => p.split(":")[0])).toEqual([
      "PORT",
      "METRICS_PORT",
    ]);
    const config = loadConfig({
      BOT_TOKEN: "1:abc",
      WEBHOOK_URL: "https://bot.example.org/telegram",
      WEBHOOK_SECRET: "s3cret-s3cret-s3cret",
    });
    expect([config.PORT, config.HOST, config.METRICS_PORT]).toEqual([8080, "127.0.0.1", undefined]);
  });
});
