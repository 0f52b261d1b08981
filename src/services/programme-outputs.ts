// Programme outputs (indicators 13–15): reports and publications, promotional material, information services, dated
// and titled by coordinators. A site's output needs its coordinator; a programme-wide one an admin of the programme.
import { z } from "zod";
import { PROGRAMME_OUTPUT_KINDS } from "../domain/output-indicators.ts";
import { type Actor, canManageSite, isAdmin } from "../domain/permissions.ts";
import { isoDate } from "./activities.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { managedProgrammes } from "./managed-scopes.ts";
import { notFoundOrNotAllowed, validInput } from "./errors.ts";

export const outputInput = z.object({
  programmeId: z.number().int().positive(),
  siteId: z.number().int().positive().nullable(),
  kind: z.enum(PROGRAMME_OUTPUT_KINDS),
  title: z.string().trim().min(2).max(200),
  issuedOn: isoDate,
});

export async function recordOutput(
  deps: ServiceDeps,
  actor: Actor | null,
  input: z.input<typeof outputInput>,
): Promise<{ id: number }> {
  const data = validInput(outputInput, input);
  if (data.siteId === null) {
    const programme = await deps.db.programme.findUnique({ where: { id: data.programmeId } });
    if (!programme || (actor && !isAdmin(actor, programme.id))) throw notFoundOrNotAllowed();
  } else {
    const site = await deps.db.site.findFirst({
      where: { id: data.siteId, programmeId: data.programmeId },
      select: { id: true, programmeId: true },
    });
    if (!site || (actor && !canManageSite(actor, site))) throw notFoundOrNotAllowed();
  }
  return deps.db.$transaction((tx) => writeOutput(tx, deps, actor?.staffId ?? null, data));
}

type Writer = Parameters<Parameters<ServiceDeps["db"]["$transaction"]>[0]>[0];

/** One output and its audit entry, inside the caller's transaction (the CSV import writes many). */
export async function writeOutput(
  tx: Writer,
  deps: ServiceDeps,
  actorId: number | null,
  data: z.output<typeof outputInput>,
): Promise<{ id: number }> {
  const output = await tx.programmeOutput.create({ data: { ...data, createdById: actorId, createdAt: deps.clock() } });
  await recordAudit(tx, deps.cipher, {
    actorId,
    action: "output.record",
    subjectType: "programme",
    subjectId: data.programmeId,
    details: { outputId: output.id, siteId: data.siteId, kind: data.kind, issuedOn: data.issuedOn },
    at: deps.clock(),
  });
  return { id: output.id };
}

/** Where the actor may record an output: a programme they administer (siteId null) or a site they coordinate. */
export interface OutputScope {
  programmeId: number;
  siteId: number | null;
  programmeName: string;
  siteName: string | null;
}

/** The scopes of /prodotti: per programme by name, the whole programme (admins) first, then its sites by name. */
export async function outputScopesFor(deps: ServiceDeps, actor: Actor): Promise<OutputScope[]> {
  return (await managedProgrammes(deps, actor)).flatMap((programme) => {
    const base = { programmeId: programme.id, programmeName: programme.name };
    const sites = programme.sites.map((site) => ({ ...base, siteId: site.id, siteName: site.name }));
    return programme.administered ? [{ ...base, siteId: null, siteName: null }, ...sites] : sites;
  });
}
