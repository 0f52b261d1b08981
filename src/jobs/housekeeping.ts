// Forgets what only protects against redelivery and replays (processed update ids, stale inbox entries, the call
// journal) and, after a month, abandoned drafts and conversations.
import { subDays } from "date-fns/subDays";
import { pruneJournal } from "../bot/flows/call-journal.ts";
import type { ServiceDeps } from "../services/deps.ts";

const KEEP_DAYS = 7;
/** Unfinished entries and conversations are offered again for a month, then forgotten (they hold typed text). */
const KEEP_DRAFT_DAYS = 30;

export async function runHousekeeping(deps: ServiceDeps): Promise<void> {
  const cutoff = subDays(deps.clock(), KEEP_DAYS);
  await deps.db.processedUpdate.deleteMany({ where: { createdAt: { lt: cutoff } } });
  await deps.db.inboxUpdate.deleteMany({ where: { receivedAt: { lt: cutoff } } });
  await pruneJournal(deps, cutoff);
  const draftCutoff = subDays(deps.clock(), KEEP_DRAFT_DAYS);
  for (const prefix of ["draft:", "conversation:"]) {
    await deps.db.chatState.deleteMany({ where: { key: { startsWith: prefix }, updatedAt: { lt: draftCutoff } } });
  }
}
