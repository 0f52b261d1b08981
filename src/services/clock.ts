// The clock every service, job and flow reads (ServiceDeps.clock). CLOCK_START moves it to a chosen instant, from
// which it runs at the normal pace: tests and demos then behave the same whatever the hour or day they run at.
import type { Clock } from "./deps.ts";

export function createClock(startAt?: Date): Clock {
  if (!startAt) return () => new Date();
  const offsetMs = startAt.getTime() - Date.now();
  return () => new Date(Date.now() + offsetMs);
}
