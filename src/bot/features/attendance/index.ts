// Placeholder until the attendance feature lands; it registers nothing.
import type { Feature, FeatureEnv } from "../types.ts";

export function attendanceFeature(_env: FeatureEnv): Feature {
  return {};
}
