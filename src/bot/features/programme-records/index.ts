// Programme records coordinators and admins keep for the funder's sheet: /prodotti (reports, promotional material,
// information services: indicators 13–15) and /orari (a day centre's weekly opening hours and closures: 2 and 3).
import { Composer } from "grammy";
import type { BotContext } from "../../context.ts";
import type { Feature } from "../types.ts";
import { hoursFlow } from "./hours-flow.ts";
import { outputsFlow } from "./outputs-flow.ts";

export function programmeRecordsFeature(): Feature {
  const composer = new Composer<BotContext>();
  composer.command(["prodotti", "outputs"], (ctx) => ctx.conversation.enter("programme-outputs"));
  composer.command(["orari", "hours"], (ctx) => ctx.conversation.enter("opening-hours"));
  return {
    composer,
    flows: [
      { id: "programme-outputs", run: outputsFlow },
      { id: "opening-hours", run: hoursFlow },
    ],
  };
}
