// The long crash campaign (`npm run test:chaos`): at least 100 SIGKILLs of `npm start` at random points of scripted
// flows; every confirmed entry exactly once and as entered, every abandoned one offered back as a draft.
import { expect, it } from "vitest";
import { runCrashCampaign } from "../helpers/crash-campaign.ts";

const KILLS = Number(process.env.PONTE_CRASH_KILLS ?? 100);
// A failed run names its seed; PONTE_CRASH_SEED replays the same decisions (kill timing still varies).
const SEED = Number(process.env.PONTE_CRASH_SEED ?? 2026);

it(
  `survives ${KILLS} SIGKILLs without losing, duplicating or altering a confirmed entry`,
  async () => {
    const figures = await runCrashCampaign({ seed: SEED, kills: KILLS, killChance: 0.35, abandonChance: 0.3 });
    const { problems, ...counts } = figures;
    console.log(`crash campaign: ${JSON.stringify(counts)}`);
    expect(problems).toEqual([]);
    expect(figures.kills).toBe(KILLS);
    expect(figures.entriesChecked).toBe(figures.scripts);
    expect(figures.draftsOffered).toBeGreaterThan(0);
  },
  15 * 60_000,
);
