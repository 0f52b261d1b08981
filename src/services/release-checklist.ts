// The protected-discharge checklist in use: the releases a user prepares, one checklist with its receiving services
// (contacts opened: an audited read), adding a service and recording its contact, first appointment and consent;
// what the digest and the reminders need to know about the releases ahead.
import { z } from "zod";
import { type Actor, canPrepareRelease } from "../domain/permissions.ts";
import {
  CONSENT_SCOPES,
  type MissingItems,
  missingItems,
  RECEIVING_SERVICE_KINDS,
  RELEASE_HORIZON_DAYS,
} from "../domain/release.ts";
import { addDaysIso } from "../domain/weeks.ts";
import { recordAudit } from "./audit.ts";
import type { Cipher } from "./crypto.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed, ServiceError, validInput } from "./errors.ts";
import { isoDate } from "./legal-status.ts";
import { openShortName, SEALED_NAME } from "./person-names.ts";
import { today } from "./person-scope.ts";
import { type Recipient, releaseRecipients } from "./release.ts";

/** A contact is a name and a role ("dott.ssa Bianchi, CPS Niguarda"), not a note. */
export const RELEASE_CONTACT_MAX = 120;

export interface ReleaseSummary {
  id: number;
  personLabel: string;
  releaseOn: string;
  missing: MissingItems;
}

export interface ReceivingService {
  id: number;
  kind: string;
  contact: string | null;
  firstAppointmentOn: string | null;
  consentOn: string | null;
  consentScope: string | null;
  consentWithdrawnOn: string | null;
}

export interface ReleaseChecklist extends ReleaseSummary {
  services: ReceivingService[];
}

const checklistInclude = {
  person: { select: { ...SEALED_NAME, code: true, caseManagerId: true, erasedAt: true } },
  site: { select: { id: true, programmeId: true, networkWorkerId: true } },
  services: { orderBy: { id: "asc" } },
} as const;

export type ChecklistRow = NonNullable<Awaited<ReturnType<typeof loadChecklist>>>;

function loadChecklist(deps: ServiceDeps, releasePlanId: number) {
  return deps.db.releasePlan.findUnique({ where: { id: releasePlanId }, include: checklistInclude });
}

function mayPrepare(actor: Actor, row: ChecklistRow): boolean {
  return canPrepareRelease(actor, {
    site: row.site,
    caseManagerId: row.person.caseManagerId,
    networkWorkerId: row.site.networkWorkerId,
  });
}

function toChecklist(cipher: Cipher, row: ChecklistRow): ReleaseChecklist {
  const services = row.services.map((service) => ({
    id: service.id,
    kind: service.kind,
    contact: cipher.decryptOptional(service.contactEnc, "ReleaseService.contactEnc", service.id),
    firstAppointmentOn: service.firstAppointmentOn,
    consentOn: service.consentOn,
    consentScope: service.consentScope,
    consentWithdrawnOn: service.consentWithdrawnOn,
  }));
  return {
    id: row.id,
    personLabel: `${row.person.code} · ${openShortName(cipher, row.person)}`,
    releaseOn: row.releaseOn,
    services,
    missing: missingItems(services.map((s) => ({ ...s, hasContact: s.contact !== null }))),
  };
}

/** A checklist still to prepare (open, release day not passed) that the actor may work on; refused alike otherwise. */
export async function workableChecklist(deps: ServiceDeps, actor: Actor, releasePlanId: number): Promise<ChecklistRow> {
  const row = Number.isInteger(releasePlanId) ? await loadChecklist(deps, releasePlanId) : null;
  if (!row || row.person.erasedAt || row.status !== "open" || row.releaseOn < today(deps) || !mayPrepare(actor, row))
    throw notFoundOrNotAllowed();
  return row;
}

/** The open checklists the actor prepares, soonest release first. */
export async function releaseChecklists(deps: ServiceDeps, actor: Actor): Promise<ReleaseSummary[]> {
  const rows = await deps.db.releasePlan.findMany({
    where: { status: "open", releaseOn: { gte: today(deps) }, person: { erasedAt: null } },
    include: checklistInclude,
    orderBy: [{ releaseOn: "asc" }, { id: "asc" }],
  });
  return rows.filter((row) => mayPrepare(actor, row)).map((row) => toChecklist(deps.cipher, row));
}

/** One checklist with its services' contacts opened: an audited read. */
export async function releaseChecklist(
  deps: ServiceDeps,
  actor: Actor,
  releasePlanId: number,
): Promise<ReleaseChecklist> {
  const row = await workableChecklist(deps, actor, releasePlanId);
  await recordAudit(deps.db, deps.cipher, {
    actorId: actor.staffId,
    action: "release.view",
    subjectType: "release",
    subjectId: row.id,
    personId: row.personId,
    at: deps.clock(),
  });
  return toChecklist(deps.cipher, row);
}

const addInput = z.object({ releasePlanId: z.number().int().positive(), kind: z.enum(RECEIVING_SERVICE_KINDS) });

/** Adds a receiving service to a checklist; returns its id (the one already there when named twice). */
export async function addReceivingService(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof addInput>,
): Promise<number> {
  const data = validInput(addInput, input);
  const row = await workableChecklist(deps, actor, data.releasePlanId);
  const now = deps.clock();
  return deps.db.$transaction(async (tx) => {
    const service = await tx.releaseService.upsert({
      where: { releasePlanId_kind: { releasePlanId: row.id, kind: data.kind } },
      create: { releasePlanId: row.id, kind: data.kind, createdAt: now },
      update: {},
    });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "release.service_add",
      subjectType: "release",
      subjectId: row.id,
      personId: row.personId,
      details: { kind: data.kind },
      at: now,
    });
    return service.id;
  });
}

const updateInput = z.union([
  z.object({ serviceId: z.number().int().positive(), contact: z.string().trim().min(2).max(RELEASE_CONTACT_MAX) }),
  z.object({ serviceId: z.number().int().positive(), firstAppointmentOn: isoDate }),
  z.object({
    serviceId: z.number().int().positive(),
    consentOn: isoDate,
    consentScope: z.enum(CONSENT_SCOPES),
  }),
  z.object({ serviceId: z.number().int().positive(), consentWithdrawnOn: isoDate }),
]);
export type ReceivingServiceUpdate = z.input<typeof updateInput>;

/**
 * Records one item of a receiving service: its contact (sealed), first appointment (from today), consent with its
 * scope (by today; a new consent replaces a withdrawn one) or the consent's withdrawal (by today, once given).
 */
export async function updateReceivingService(
  deps: ServiceDeps,
  actor: Actor,
  input: ReceivingServiceUpdate,
): Promise<void> {
  const data = validInput(updateInput, input);
  const service = await deps.db.releaseService.findUnique({ where: { id: data.serviceId } });
  if (!service) throw notFoundOrNotAllowed();
  const row = await workableChecklist(deps, actor, service.releasePlanId);
  const date = today(deps);
  if ("firstAppointmentOn" in data && data.firstAppointmentOn < date) throw new ServiceError("error-date-past");
  if ("consentOn" in data && data.consentOn > date) throw new ServiceError("error-date-future");
  if ("consentWithdrawnOn" in data) {
    if (data.consentWithdrawnOn > date) throw new ServiceError("error-date-future");
    if (
      service.consentOn === null ||
      service.consentWithdrawnOn !== null ||
      data.consentWithdrawnOn < service.consentOn
    )
      throw new ServiceError("release-consent-withdraw-invalid");
  }
  const now = deps.clock();
  await deps.db.$transaction(async (tx) => {
    await tx.releaseService.update({
      where: { id: service.id },
      data: serviceChange(deps.cipher, service.id, data),
    });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "release.service_update",
      subjectType: "release",
      subjectId: row.id,
      personId: row.personId,
      details: {
        kind: service.kind,
        field: changedField(data),
        ...("consentScope" in data ? { scope: data.consentScope } : {}),
      },
      at: now,
    });
  });
}

function serviceChange(cipher: Cipher, serviceId: number, data: z.output<typeof updateInput>) {
  if ("contact" in data) return { contactEnc: cipher.encrypt(data.contact, "ReleaseService.contactEnc", serviceId) };
  if ("firstAppointmentOn" in data) return { firstAppointmentOn: data.firstAppointmentOn };
  if ("consentOn" in data)
    return { consentOn: data.consentOn, consentScope: data.consentScope, consentWithdrawnOn: null };
  return { consentWithdrawnOn: data.consentWithdrawnOn };
}

function changedField(data: z.output<typeof updateInput>): string {
  if ("contact" in data) return "contact";
  if ("firstAppointmentOn" in data) return "appointment";
  return "consentOn" in data ? "consent" : "consent_withdrawn";
}

export interface UpcomingRelease {
  code: string;
  releaseOn: string;
  missing: MissingItems;
}

/** Open releases of these sites in the next 30 days, soonest first: what a coordinator's digest lists. */
export async function upcomingReleases(deps: ServiceDeps, siteIds: readonly number[]): Promise<UpcomingRelease[]> {
  const from = today(deps);
  const rows = await deps.db.releasePlan.findMany({
    where: {
      status: "open",
      siteId: { in: [...siteIds] },
      releaseOn: { gte: from, lte: addDaysIso(from, RELEASE_HORIZON_DAYS) },
      person: { erasedAt: null },
    },
    select: {
      releaseOn: true,
      person: { select: { code: true } },
      services: {
        select: {
          kind: true,
          contactEnc: true,
          firstAppointmentOn: true,
          consentOn: true,
          consentScope: true,
          consentWithdrawnOn: true,
        },
      },
    },
    orderBy: [{ releaseOn: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    code: row.person.code,
    releaseOn: row.releaseOn,
    missing: missingItems(row.services.map((s) => ({ ...s, hasContact: s.contactEnc !== null }))),
  }));
}

export interface DueReleaseCheck {
  id: number;
  personLabel: string;
  releaseOn: string;
  openedOn: string;
  missing: MissingItems;
  recipients: Recipient[];
}

/** Open checklists whose release is ahead, with who prepares them: for the reminders job. */
export async function releasesAhead(deps: ServiceDeps): Promise<DueReleaseCheck[]> {
  const rows = await deps.db.releasePlan.findMany({
    where: { status: "open", releaseOn: { gt: today(deps) }, person: { erasedAt: null } },
    include: checklistInclude,
    orderBy: { id: "asc" },
  });
  const checks: DueReleaseCheck[] = [];
  for (const row of rows) {
    const checklist = toChecklist(deps.cipher, row);
    checks.push({
      ...checklist,
      openedOn: row.openedOn,
      recipients: await releaseRecipients(deps.db, { caseManagerId: row.person.caseManagerId, siteId: row.siteId }),
    });
  }
  return checks;
}
