// A short crash campaign in every `npm test`: a few SIGKILLs of `npm start` during /persona, /sessione, /presenze
// and /evento, one user leaving a flow after a kill. The long campaign (≥ 100 kills) is tests/chaos/crash.test.ts.
import { expect, it } from "vitest";
import { runCrashCampaign } from "../helpers/crash-campaign.ts";

it("loses, duplicates and alters no confirmed entry across SIGKILLs, and offers the unfinished one as a draft", async () => {
  const figures = await runCrashCampaign({ seed: 7, kills: 4, minScripts: 4, killChance: 0.25, abandonChance: 0.5 });
  expect(figures.problems).toEqual([]);
  expect(figures.kills).toBe(4);
  expect(figures.scripts).toBeGreaterThanOrEqual(4);
  expect(figures.entriesChecked).toBe(figures.scripts);
  expect(figures.draftsOffered).toBeGreaterThanOrEqual(1);
}, 60_000);
