// Placeholder until the plans feature lands; it registers nothing.
import type { Feature, FeatureEnv } from "../types.ts";

export function plansFeature(_env: FeatureEnv): Feature {
  return {};
}
