// Legal status over time: coordinators record a change with its effective date (default today; a future date is a
// change already decided, e.g. the end of the sentence). One period per person and date: a second change for the
// same date corrects the first, audited with what it replaced.
import { z } from "zod";
import { LEGAL_STATUSES, type LegalStatus, statusOn } from "../domain/legal-status.ts";
import type { Actor } from "../domain/permissions.ts";
import { isReleaseChange } from "../domain/release.ts";
import { addDaysIso } from "../domain/weeks.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { ServiceError, validInput } from "./errors.ts";
import { COORDINATING_ROLES, personForWork, today, type Writer } from "./person-scope.ts";
import { openRelease } from "./release.ts";

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date must be YYYY-MM-DD");
/** How far ahead a change may be dated: a decided end of sentence or a granted measure, not a guess. */
export const LEGAL_STATUS_MAX_DAYS_AHEAD = 366;

const changeInput = z.object({
  personId: z.number().int().positive(),
  status: z.enum(LEGAL_STATUSES),
  fromOn: isoDate,
});
export type LegalStatusChange = z.input<typeof changeInput>;

export interface LegalStatusNow {
  status: LegalStatus | null;
  fromOn: string | null;
}

/** Writes one period inside a caller's transaction (the bot, the CSV import, an intake from a referral). */
export async function writeLegalStatus(
  tx: Writer,
  personId: number,
  status: LegalStatus,
  fromOn: string,
  at: Date,
): Promise<{ replaced: string | null }> {
  const existing = await tx.legalStatusPeriod.findUnique({ where: { personId_fromOn: { personId, fromOn } } });
  await tx.legalStatusPeriod.upsert({
    where: { personId_fromOn: { personId, fromOn } },
    create: { personId, status, fromOn, createdAt: at },
    update: { status },
  });
  return { replaced: existing?.status ?? null };
}

export async function changeLegalStatus(
  deps: ServiceDeps,
  actor: Actor,
  input: LegalStatusChange,
): Promise<{ status: LegalStatus; fromOn: string; releasePlanId: number | null }> {
  const data = validInput(changeInput, input);
  const person = await personForWork(deps, actor, data.personId, COORDINATING_ROLES);
  if (data.fromOn < person.intakeOn) throw new ServiceError("legal-status-before-intake", { date: person.intakeOn });
  if (data.fromOn > addDaysIso(today(deps), LEGAL_STATUS_MAX_DAYS_AHEAD)) throw new ServiceError("error-date-too-far");
  const now = deps.clock();
  const date = today(deps);
  return deps.db.$transaction(async (tx) => {
    const before = statusOn(
      await tx.legalStatusPeriod.findMany({ where: { personId: person.id }, select: { status: true, fromOn: true } }),
      data.fromOn,
    );
    const { replaced } = await writeLegalStatus(tx, person.id, data.status, data.fromOn, now);
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "person.legal_status",
      subjectType: "person",
      subjectId: person.code,
      personId: person.id,
      details: { fromOn: data.fromOn, before, after: data.status, replaced },
      at: now,
    });
    // A release decided ahead (end of sentence, a measure outside): the protected discharge is prepared from now.
    const releasePlanId =
      data.fromOn > date && isReleaseChange(before, data.status)
        ? await openRelease(
            tx,
            deps,
            {
              personId: person.id,
              siteId: person.actorSites[0]?.id as number,
              releaseOn: data.fromOn,
              trigger: "legal_status",
              actorId: actor.staffId,
              at: now,
            },
            date,
          )
        : null;
    return { status: data.status, fromOn: data.fromOn, releasePlanId };
  });
}

/** The status in force today and since when (for the person's card in the chat). */
export async function legalStatusNow(deps: ServiceDeps, personId: number): Promise<LegalStatusNow> {
  const periods = await deps.db.legalStatusPeriod.findMany({
    where: { personId },
    select: { status: true, fromOn: true },
  });
  const date = today(deps);
  const current = periods.filter((p) => p.fromOn <= date).sort((a, b) => b.fromOn.localeCompare(a.fromOn))[0];
  return { status: (statusOn(periods, date) as LegalStatus | null) ?? null, fromOn: current?.fromOn ?? null };
}
