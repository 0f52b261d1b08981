// The engine of a Prisma client (or of one of its transactions): the provider its generated client was made for.
import type { Engine, RawRunner } from "./sql.ts";
import { sqliteEngine } from "./sqlite/engine.ts";

// PostgreSQL's engine registers itself when a PostgreSQL database is opened: a SQLite deployment never loads pg.
const ENGINES: Record<string, Engine> = { sqlite: sqliteEngine };

export function registerEngine(provider: string, engine: Engine): void {
  ENGINES[provider] = engine;
}

export function engineOf(prisma: RawRunner): Engine {
  const provider = (prisma as { _activeProvider?: string })._activeProvider ?? "";
  const engine = ENGINES[provider];
  if (!engine) throw new Error(`no database engine for the provider "${provider}"`);
  return engine;
}
