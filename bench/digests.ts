// Last week's digests for every site and programme, as the Monday job computes them (one load per programme).
import { isoWeekKey, previousWeek } from "../src/domain/weeks.ts";
import type { ServiceDeps } from "../src/services/deps.ts";
import { type DigestFiguresCache, scopeDigest } from "../src/services/reports/digest.ts";

export interface DigestTiming {
  weekKey: string;
  scopes: number;
  ms: number;
}

export async function measureDigests(deps: ServiceDeps): Promise<DigestTiming> {
  const weekKey = previousWeek(isoWeekKey(deps.clock(), deps.timeZone));
  const programmes = await deps.db.programme.findMany({ select: { id: true, sites: { select: { id: true } } } });
  const inputs: DigestFiguresCache = new Map();
  const started = performance.now();
  let scopes = 0;
  for (const programme of programmes) {
    for (const site of programme.sites) {
      await scopeDigest(deps, { kind: "site", id: site.id }, weekKey, inputs);
      scopes++;
    }
    await scopeDigest(deps, { kind: "programme", id: programme.id }, weekKey, inputs);
    scopes++;
  }
  return { weekKey, scopes, ms: performance.now() - started };
}
