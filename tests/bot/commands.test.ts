// Every command menu the bot can publish (each combination of roles, each language, the newcomers' one) is one real
// Telegram accepts, and each role sees only what it can use.
import { describe, expect, it } from "vitest";
import { commandsFor, newcomerCommands } from "../../src/bot/commands.ts";
import { ROLES, type Role } from "../../src/domain/roles.ts";
import { LOCALES } from "../../src/i18n.ts";
import { telegramLimitViolations } from "../../src/local/telegram-limits.ts";

const roleSets: Role[][] = Array.from({ length: 2 ** ROLES.length }, (_, mask) =>
  ROLES.filter((_, index) => mask & (2 ** index)),
);

describe("command menus", () => {
  it("are within Telegram's limits for every combination of roles and language", () => {
    for (const locale of LOCALES) {
      const menus = [newcomerCommands(locale), ...roleSets.map((roles) => commandsFor(roles, locale))];
      for (const commands of menus) {
        const body = { commands, scope: { type: "chat", chat_id: 1 }, language_code: locale };
        expect(telegramLimitViolations("setMyCommands", body), JSON.stringify(commands)).toEqual([]);
      }
    }
  });

  it("give each role its own commands, admin ones only to admins", () => {
    const names = (roles: Role[]) => commandsFor(roles, "it").map((c) => c.command);
    expect(names([])).toEqual(["aiuto", "annulla", "lingua"]);
    expect(names(["on_call"])).not.toContain("presenze");
    expect(names(["operator"])).toContain("presenze");
    expect(names(["operator"])).not.toContain("invito");
    expect(names(["coordinator"])).toContain("invito");
    expect(names(["coordinator"])).not.toContain("nuovasede");
    expect(names(["admin"])).toContain("nuovasede");
    // The funder's sheet's records: coordinators and admins keep them, operators do not.
    expect(names(["coordinator"])).toContain("prodotti");
    expect(names(["admin"])).toContain("prodotti");
    expect(names(["operator"])).not.toContain("prodotti");
    expect(names(["coordinator"])).toContain("orari");
    expect(names(["operator"])).not.toContain("orari");
    expect(commandsFor(["operator"], "en").map((c) => c.command)).toContain("attendance");
  });
});
