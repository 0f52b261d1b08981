// Every feature of the bot, in the order their handlers are tried (the fallback comes last, in createBot).
import { adminFeature } from "./admin/index.ts";
import { attendanceFeature } from "./attendance/index.ts";
import { basicsFeature } from "./basics/index.ts";
import { digestFeature } from "./digest/index.ts";
import { eventsFeature } from "./events/index.ts";
import { pathFeature } from "./path/index.ts";
import { peopleFeature } from "./people/index.ts";
import { plansFeature } from "./plans/index.ts";
import { programmeRecordsFeature } from "./programme-records/index.ts";
import { releaseFeature } from "./release/index.ts";
import { reportsFeature } from "./reports/index.ts";
import { sessionsFeature } from "./sessions/index.ts";
import type { Feature, FeatureEnv } from "./types.ts";

export function allFeatures(env: FeatureEnv, onLocaleChanged: (telegramId: number) => void): Feature[] {
  return [
    basicsFeature(env, onLocaleChanged),
    attendanceFeature(env),
    sessionsFeature(env),
    eventsFeature(env),
    plansFeature(env),
    digestFeature(env),
    reportsFeature(env),
    programmeRecordsFeature(),
    adminFeature(env),
    peopleFeature(env),
    pathFeature(env),
    releaseFeature(),
  ];
}
