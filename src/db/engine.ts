// The engine of a Prisma client (or of one of its transactions): the provider its generated client was made for.
import { postgresEngine } from "./postgres/engine.ts";
import type { Engine, RawRunner } from "./sql.ts";
import { sqliteEngine } from "./sqlite/engine.ts";

const ENGINES: Record<string, Engine> = { sqlite: sqliteEngine, postgresql: postgresEngine };

export function engineOf(prisma: RawRunner): Engine {
  const provider = (prisma as { _activeProvider?: string })._activeProvider ?? "";
  const engine = ENGINES[provider];
  if (!engine) throw new Error(`no database engine for the provider "${provider}"`);
  return engine;
}
