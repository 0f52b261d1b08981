// Placeholder until the sessions feature lands; it registers nothing.
import type { Feature, FeatureEnv } from "../types.ts";

export function sessionsFeature(_env: FeatureEnv): Feature {
  return {};
}
