// A short crash campaign in every `npm test`: a few SIGKILLs of `npm start` during /persona, /sessione, /presenze
// and /evento, one user leaving a flow after a kill. The long campaign (≥ 100 kills) is tests/chaos/crash.test.ts.
// Plus three crash points made deterministic (the campaign found them): death as a flow's progress is saved, before
// and after the prompt was edited into the next question, and death between a save and the flow noting its result.
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.ts";
import { runCrashCampaign } from "../helpers/crash-campaign.ts";
import { seedWorld, USERS } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

describe("crash safety", () => {
  it("loses, duplicates and alters no confirmed entry across SIGKILLs, and offers the unfinished one as a draft", async () => {
    const figures = await runCrashCampaign({ seed: 7, kills: 4, minScripts: 4, killChance: 0.25, abandonChance: 0.5 });
    expect(figures.problems).toEqual([]);
    expect(figures.kills).toBe(4);
    expect(figures.scripts).toBeGreaterThanOrEqual(4);
    expect(figures.entriesChecked).toBe(figures.scripts);
    expect(figures.draftsOffered).toBeGreaterThanOrEqual(1);
  });

  describe("death while an answer is being recorded", () => {
    let harness: Harness;
    afterEach(() => harness.stop());

    /** The database as the bot sees it when the process dies just before `model.method` (when `matches` its argument). */
    function diesBefore(
      db: Db,
      model: string,
      method: string,
      matches: (argument: unknown) => boolean = () => true,
    ): Db {
      let dead = false;
      return new Proxy(db, {
        get(target, property, receiver) {
          if (dead) throw new Error("the process died");
          const value = Reflect.get(target, property, receiver);
          if (property !== model) return value;
          return new Proxy(value, {
            get(delegate, name) {
              const call = Reflect.get(delegate, name) as (...args: unknown[]) => unknown;
              if (name !== method) return call;
              return (...args: unknown[]) => {
                if (!matches(args[0])) return call.apply(delegate, args);
                dead = true;
                throw new Error("the process died");
              };
            },
          });
        },
      });
    }

    it("hands the answer to the flow once after the restart: a name is not taken for the next question", async () => {
      harness = await startHarness();
      await seedWorld(harness.deps);
      const coordinator = harness.user(USERS.coordinator);
      await coordinator.send("/persona");
      const db = harness.deps.db;
      // It dies as the answer is recorded as handled.
      harness.deps.db = diesBefore(db, "processedUpdate", "upsert");
      await coordinator.send("Ada");
      harness.deps.db = db;
      await harness.restart();
      expect(coordinator.lastMessage().text).toBe("Cognome?");
      await coordinator.send("Neri");
      expect(coordinator.lastMessage().text).toBe("Anno di nascita? (es. 1990)");
      await coordinator.tapKey("flow-skip");
      await coordinator.tapKey("legal-detained");
      await coordinator.tapKey("flow-confirm");
      await coordinator.tapKey("date-today");
      expect(coordinator.lastMessage().text).toMatch(/Persona registrata: BOL-0004 · Ada N\./);
    });

    it("carries on after the restart when the tap had already turned the prompt into the next question", async () => {
      // The tap is handled and answered again after the restart, as in the test below.
      harness = await startHarness({ replays: true });
      const world = await seedWorld(harness.deps);
      const operator = harness.user(USERS.operator);
      await operator.pressKey("menu-session");
      await operator.send(world.people[0]!.code);
      const db = harness.deps.db;
      // It dies after editing the prompt into the date question, as the tap is recorded as handled.
      harness.deps.db = diesBefore(db, "processedUpdate", "upsert");
      await operator.tapKey("session-kind-individual_educational");
      harness.deps.db = db;
      await harness.restart();
      // Handled again, the tap edits the prompt into what it already shows: the flow goes on from there.
      await operator.tapKey("date-today");
      await operator.tap("1 h");
      await operator.tapKey("flow-skip");
      // The prompt turns into the outcome (the message after it is the dying process's apology).
      expect(operator.messages().map((m) => m.text)).toContainEqual(
        expect.stringMatching(/^✅ Sessione salvata: BOL-0001 · Mario R\. — Colloquio educativo, mer 18\/11, 1 h$/),
      );
      expect(await db.session.count({ where: { attendance: { some: { personId: world.people[0]!.id } } } })).toBe(1);
    });

    it("does not offer again as a draft an entry saved just before the crash", async () => {
      // After the restart the tap is handled again and answered again (Telegram refuses that second answer).
      harness = await startHarness({ replays: true });
      await seedWorld(harness.deps);
      const coordinator = harness.user(USERS.coordinator);
      for (const text of ["/persona", "Ada", "Neri"]) await coordinator.send(text);
      for (const label of ["Salta", "Detenuto/a", "Conferma"]) await coordinator.tap(label);
      const db = harness.deps.db;
      // It dies after the person is committed, before the flow notes the result of the call.
      harness.deps.db = diesBefore(db, "chatState", "upsert", (argument) =>
        String((argument as { where: { key: string } }).where.key).startsWith("call:"),
      );
      await coordinator.tapKey("date-today");
      harness.deps.db = db;
      await harness.restart();
      // The prompt tapped last turns into the outcome.
      expect(coordinator.messages().map((m) => m.text)).toContain(
        "Questa registrazione era già stata salvata: non l'ho ripetuta.",
      );
      await coordinator.send("/persona");
      expect(coordinator.lastMessage().text).toBe("Nome della persona?");
      expect(await db.person.count()).toBe(5);
    });
  });
});
