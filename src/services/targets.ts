// Ex-ante targets of the funder's sheet, and the budgets for internship allowances: admins set one per code, for the
// programme or for one of its sites where the network splits it; setting it again replaces it. actor null: the programme office's shell (CSV import).
import { z } from "zod";
import { isSettableCode, type TargetRow } from "../domain/output-indicators.ts";
import { type Actor, isAdmin } from "../domain/permissions.ts";
import { type AuditWriter, recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed, validInput } from "./errors.ts";

type Writer = Pick<ServiceDeps["db"], "indicatorTarget"> & AuditWriter;

export const targetInput = z.object({
  programmeId: z.number().int().positive(),
  siteId: z.number().int().positive().nullable(),
  code: z.string().refine(isSettableCode, "not an indicator or a budget of the sheet"),
  target: z.number().finite().min(0).max(10_000_000),
});
export type TargetInput = z.input<typeof targetInput>;

/** Sets (or replaces) one target; the site, when given, must be the programme's. */
export async function setTarget(deps: ServiceDeps, actor: Actor | null, input: TargetInput): Promise<void> {
  const data = validInput(targetInput, input);
  if (actor && !isAdmin(actor, data.programmeId)) throw notFoundOrNotAllowed();
  const site =
    data.siteId === null
      ? null
      : await deps.db.site.findFirst({ where: { id: data.siteId, programmeId: data.programmeId } });
  if (data.siteId !== null && !site) throw notFoundOrNotAllowed();
  await deps.db.$transaction((tx) => writeTarget(tx, deps, actor?.staffId ?? null, data));
}

/** One upsert and its audit entry, inside the caller's transaction (the CSV import writes many at once). */
export async function writeTarget(
  tx: Writer,
  deps: ServiceDeps,
  actorId: number | null,
  data: z.output<typeof targetInput>,
): Promise<void> {
  const scopeKey = data.siteId === null ? "programme" : String(data.siteId);
  const at = deps.clock();
  const values = { siteId: data.siteId, target: data.target, updatedById: actorId, updatedAt: at };
  const saved = await tx.indicatorTarget.upsert({
    where: { programmeId_scopeKey_code: { programmeId: data.programmeId, scopeKey, code: data.code } },
    create: { programmeId: data.programmeId, scopeKey, code: data.code, ...values },
    update: values,
  });
  await recordAudit(tx, deps.cipher, {
    actorId,
    action: "target.set",
    subjectType: "programme",
    subjectId: data.programmeId,
    details: { targetId: saved.id, siteId: data.siteId, code: data.code, target: data.target },
    at,
  });
}

export async function targetsOf(db: ServiceDeps["db"], programmeId: number): Promise<TargetRow[]> {
  return db.indicatorTarget.findMany({
    where: { programmeId },
    select: { code: true, siteId: true, target: true },
    orderBy: { id: "asc" },
  });
}

export interface TargetProgramme {
  id: number;
  name: string;
  sites: { id: number; name: string }[];
  targets: TargetRow[];
}

/** The programmes the actor administers, with their sites and the targets set so far (for /obiettivi). */
export async function targetProgrammesFor(deps: ServiceDeps, actor: Actor): Promise<TargetProgramme[]> {
  const programmes = await deps.db.programme.findMany({
    select: {
      id: true,
      name: true,
      sites: { select: { id: true, name: true }, orderBy: { name: "asc" } },
      targets: { select: { code: true, siteId: true, target: true } },
    },
    orderBy: { name: "asc" },
  });
  return programmes.filter((programme) => isAdmin(actor, programme.id));
}
