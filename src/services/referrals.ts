// Referrals (segnalazioni) before intake: coordinators of the site addressed record them and decide. Taking one on
// creates the person (or links the known one) with the legal status at intake; names typed are sealed.
import { z } from "zod";
import { LEGAL_STATUSES } from "../domain/legal-status.ts";
import { canManageSite, type Actor } from "../domain/permissions.ts";
import { shortName } from "../domain/people.ts";
import { DECLINE_REASONS, REFERRAL_SOURCES } from "../domain/referrals.ts";
import { dayMonthYear } from "../domain/schedule.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notAllowed, notFoundOrNotAllowed, ServiceError, validInput } from "./errors.ts";
import { isoDate } from "./legal-status.ts";
import { COORDINATING_ROLES, personForWork, today } from "./person-scope.ts";
import { insertPerson, personInput } from "./people.ts";
import { listSites } from "./staff.ts";
import { openShortName, SEALED_NAME } from "./person-names.ts";
import { reserveIds } from "./row-ids.ts";

const personName = z.string().trim().min(1).max(80);

const referralInput = z
  .object({
    siteId: z.number().int().positive(),
    receivedOn: isoDate,
    source: z.enum(REFERRAL_SOURCES),
    institution: z.string().trim().min(2).max(120).nullish(),
    personId: z.number().int().positive().nullish(),
    givenName: personName.nullish(),
    familyName: personName.nullish(),
  })
  .refine((data) => data.personId != null || (data.givenName != null && data.familyName != null), {
    path: ["givenName"],
  });
export type ReferralInput = z.input<typeof referralInput>;

/** Sites where the actor records and decides referrals. */
export async function referralSites(deps: ServiceDeps, actor: Actor) {
  return (await listSites(deps)).filter((site) => canManageSite(actor, site));
}

export async function recordReferral(deps: ServiceDeps, actor: Actor, input: ReferralInput): Promise<{ id: number }> {
  const data = validInput(referralInput, input);
  const site = (await referralSites(deps, actor)).find((s) => s.id === data.siteId);
  if (!site) throw notAllowed();
  if (data.receivedOn > today(deps)) throw new ServiceError("error-date-future");
  if (data.personId != null) await personForWork(deps, actor, data.personId, COORDINATING_ROLES);
  const now = deps.clock();
  return deps.db.$transaction(async (tx) => {
    const id = await reserveIds(tx, "Referral");
    const referral = await tx.referral.create({
      data: {
        id,
        siteId: site.id,
        receivedOn: data.receivedOn,
        source: data.source,
        institution: data.institution ?? null,
        personId: data.personId ?? null,
        givenNameEnc:
          data.personId == null ? deps.cipher.encrypt(data.givenName as string, "Referral.givenNameEnc", id) : null,
        familyNameEnc:
          data.personId == null ? deps.cipher.encrypt(data.familyName as string, "Referral.familyNameEnc", id) : null,
        createdAt: now,
      },
    });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "referral.create",
      subjectType: "referral",
      subjectId: referral.id,
      personId: referral.personId,
      details: { siteId: site.id, source: data.source, receivedOn: data.receivedOn },
      at: now,
    });
    return { id: referral.id };
  });
}

/** The names typed for a person not yet known, sealed in the referral's row. */
function typedNames(
  deps: ServiceDeps,
  referral: { id: number; givenNameEnc: string | null; familyNameEnc: string | null },
): [givenName: string, familyName: string] {
  return [
    deps.cipher.decrypt(referral.givenNameEnc ?? "", "Referral.givenNameEnc", referral.id),
    deps.cipher.decrypt(referral.familyNameEnc ?? "", "Referral.familyNameEnc", referral.id),
  ];
}

export interface PendingReferral {
  id: number;
  siteId: number;
  receivedOn: string;
  source: string;
  /** The known person's code and short name, or the short name typed. */
  label: string;
  personId: number | null;
}

/** Referrals still under evaluation at the actor's sites, oldest first. */
export async function pendingReferrals(deps: ServiceDeps, actor: Actor): Promise<PendingReferral[]> {
  const sites = await referralSites(deps, actor);
  const rows = await deps.db.referral.findMany({
    where: { status: "pending", siteId: { in: sites.map((s) => s.id) } },
    include: { person: { select: { code: true, ...SEALED_NAME } } },
    orderBy: [{ receivedOn: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    siteId: row.siteId,
    receivedOn: row.receivedOn,
    source: row.source,
    personId: row.personId,
    label: row.person
      ? `${row.person.code} · ${openShortName(deps.cipher, row.person)}`
      : shortName(...typedNames(deps, row)),
  }));
}

const decisionInput = z.discriminatedUnion("decision", [
  z.object({
    referralId: z.number().int().positive(),
    decision: z.literal("accepted"),
    decidedOn: isoDate,
    /** The legal status at intake, for a person not yet known. */
    legalStatus: z.enum(LEGAL_STATUSES).nullish(),
  }),
  z.object({
    referralId: z.number().int().positive(),
    decision: z.literal("declined"),
    decidedOn: isoDate,
    reason: z.enum(DECLINE_REASONS),
  }),
]);
export type ReferralDecision = z.input<typeof decisionInput>;

export async function decideReferral(
  deps: ServiceDeps,
  actor: Actor,
  input: ReferralDecision,
): Promise<{ decision: "accepted" | "declined"; personCode: string | null }> {
  const data = validInput(decisionInput, input);
  const referral = await deps.db.referral.findUnique({ where: { id: data.referralId } });
  const site = referral && (await referralSites(deps, actor)).find((s) => s.id === referral.siteId);
  if (!referral || !site) throw notFoundOrNotAllowed();
  if (referral.status !== "pending") throw new ServiceError("referral-already-decided");
  if (data.decidedOn < referral.receivedOn)
    throw new ServiceError("referral-decided-before-received", { date: dayMonthYear(referral.receivedOn) });
  if (data.decidedOn > today(deps)) throw new ServiceError("error-date-future");
  if (data.decision === "accepted" && referral.personId == null && data.legalStatus == null)
    throw new ServiceError("error-invalid-input", { details: "legalStatus" });
  const now = deps.clock();
  return deps.db.$transaction(async (tx) => {
    let personId = referral.personId;
    let personCode: string | null = null;
    if (data.decision === "accepted" && personId == null) {
      const created = await insertPerson(
        tx,
        deps,
        site,
        personInput.parse({
          siteId: site.id,
          givenName: typedNames(deps, referral)[0],
          familyName: typedNames(deps, referral)[1],
          legalStatus: data.legalStatus,
          referringService: referral.source,
          intakeOn: data.decidedOn,
        }),
      );
      personId = created.id;
      personCode = created.code;
      await recordAudit(tx, deps.cipher, {
        actorId: actor.staffId,
        action: "person.create",
        subjectType: "person",
        subjectId: created.code,
        personId: created.id,
        details: { referralId: referral.id },
        at: now,
      });
    }
    const updated = await tx.referral.updateMany({
      where: { id: referral.id, status: "pending" },
      data: {
        status: data.decision,
        decidedOn: data.decidedOn,
        declineReason: data.decision === "declined" ? data.reason : null,
        personId,
        // The sealed name is no longer needed once the person's own record holds it.
        ...(personCode ? { givenNameEnc: null, familyNameEnc: null } : {}),
      },
    });
    if (updated.count !== 1) throw new ServiceError("referral-already-decided");
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "referral.decide",
      subjectType: "referral",
      subjectId: referral.id,
      personId,
      details: {
        decision: data.decision,
        decidedOn: data.decidedOn,
        reason: data.decision === "declined" ? data.reason : null,
      },
      at: now,
    });
    return { decision: data.decision, personCode };
  });
}
