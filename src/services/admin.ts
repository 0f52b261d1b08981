// Programme and site set-up, for admins.
import { z } from "zod";
import { type Actor, isAdmin } from "../domain/permissions.ts";
import { SITE_KINDS } from "../domain/roles.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notAllowed } from "./errors.ts";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date must be YYYY-MM-DD");

export const programmeInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9_-]{2,32}$/i, "code: 2–32 letters, digits, - or _"),
  name: z.string().trim().min(2).max(120),
  funder: z.string().trim().min(2).max(200),
  startsOn: isoDate,
  endsOn: isoDate,
});

export const siteInput = z.object({
  programmeId: z.number().int().positive(),
  name: z.string().trim().min(2).max(120),
  kind: z.enum(SITE_KINDS),
  institution: z.string().trim().max(160).nullish(),
  codePrefix: z
    .string()
    .trim()
    .transform((value) => value.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2,5}$/, "code prefix: 2–5 letters")),
  openingHours: z.string().trim().max(200).nullish(),
});

export async function createProgramme(deps: ServiceDeps, actor: Actor, input: z.input<typeof programmeInput>) {
  if (!isAdmin(actor)) throw notAllowed();
  const data = programmeInput.parse(input);
  return deps.db.$transaction(async (tx) => {
    const programme = await tx.programme.create({ data });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "programme.create",
      subjectType: "programme",
      subjectId: programme.id,
      at: deps.clock(),
    });
    return programme;
  });
}

export async function createSite(deps: ServiceDeps, actor: Actor, input: z.input<typeof siteInput>) {
  const data = siteInput.parse(input);
  if (!isAdmin(actor, data.programmeId)) throw notAllowed();
  return deps.db.$transaction(async (tx) => {
    const site = await tx.site.create({ data });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "site.create",
      subjectType: "site",
      subjectId: site.id,
      at: deps.clock(),
    });
    return site;
  });
}

export async function listProgrammes(deps: ServiceDeps) {
  return deps.db.programme.findMany({ orderBy: { name: "asc" }, include: { sites: { orderBy: { name: "asc" } } } });
}
