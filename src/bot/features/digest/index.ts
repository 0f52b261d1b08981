// Placeholder until the digest feature lands; it registers nothing.
import type { Feature, FeatureEnv } from "../types.ts";

export function digestFeature(_env: FeatureEnv): Feature {
  return {};
}
