// Placeholder until the events feature lands; it registers nothing.
import type { Feature, FeatureEnv } from "../types.ts";

export function eventsFeature(_env: FeatureEnv): Feature {
  return {};
}
