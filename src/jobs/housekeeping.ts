// Forgets what only protects against redelivery and replays: processed update ids, stale inbox entries and the
// call journal.
import { subDays } from "date-fns";
import { pruneJournal } from "../bot/flows/call-journal.ts";
import type { ServiceDeps } from "../services/deps.ts";

const KEEP_DAYS = 7;

export async function runHousekeeping(deps: ServiceDeps): Promise<void> {
  const cutoff = subDays(deps.clock(), KEEP_DAYS);
  await deps.db.processedUpdate.deleteMany({ where: { createdAt: { lt: cutoff } } });
  await deps.db.inboxUpdate.deleteMany({ where: { receivedAt: { lt: cutoff } } });
  await pruneJournal(deps, cutoff);
}
