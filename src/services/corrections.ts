// Corrections of logged sessions: the author undoes within 10 minutes and edits within 24 hours; coordinators of
// the site correct later. Nothing is overwritten silently: every correction is audited with before and after.
import { z } from "zod";
import { type Actor, canLogAt, canManageSite, type SiteRef } from "../domain/permissions.ts";
import { isInCharge } from "../domain/people.ts";
import { dayMonthYear } from "../domain/schedule.ts";
import { isoDate } from "./activities.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed, ServiceError } from "./errors.ts";
import {
  assertNotFuture,
  checkCoAuthors,
  DURATION_LIMITS,
  INDIVIDUAL_SESSION_KINDS,
  MULTI_PERSON_KIND,
  noteText,
  occurredAtFor,
  type PersonPick,
  toPick,
} from "./sessions.ts";
import { listSites } from "./staff.ts";

export const UNDO_WINDOW_MS = 10 * 60_000;
export const EDIT_WINDOW_MS = 24 * 3600_000;
/** How far back coordinators are offered sessions to correct in the chat. */
const COORDINATOR_LIST_DAYS = 30;

export interface CorrectionRights {
  canUndo: boolean;
  canEdit: boolean;
}

export function correctionRights(
  actor: Actor,
  session: { authorId: number; recordedAt: Date; voidedAt: Date | null },
  site: SiteRef,
  now: Date,
): CorrectionRights {
  if (session.voidedAt) return { canUndo: false, canEdit: false };
  const age = now.getTime() - session.recordedAt.getTime();
  const author = session.authorId === actor.staffId && canLogAt(actor, site);
  const coordinator = canManageSite(actor, site);
  return {
    canUndo: coordinator || (author && age <= UNDO_WINDOW_MS),
    canEdit: coordinator || (author && age <= EDIT_WINDOW_MS),
  };
}

/** The session with its site and the actor's rights on it; invisible (not found) outside the actor's sites. */
export async function sessionForCorrection(deps: ServiceDeps, actor: Actor, sessionId: number) {
  const session = await deps.db.session.findUnique({
    where: { id: z.number().int().positive().parse(sessionId) },
    include: {
      attendance: { include: { person: true }, orderBy: { person: { code: "asc" } } },
      operators: { select: { staffId: true } },
      goals: { select: { goalId: true } },
      activity: { select: { name: true } },
    },
  });
  const site = session ? (await listSites(deps)).find((s) => s.id === session.siteId) : undefined;
  if (!session || !site || !(canLogAt(actor, site) || canManageSite(actor, site))) throw notFoundOrNotAllowed();
  if (session.voidedAt) throw new ServiceError("session-already-voided");
  return { session, site, rights: correctionRights(actor, session, site, deps.clock()) };
}

type LoadedSession = Awaited<ReturnType<typeof sessionForCorrection>>["session"];

function refusal(actor: Actor, session: LoadedSession, key: "session-undo-too-late" | "session-edit-too-late") {
  return session.authorId === actor.staffId ? new ServiceError(key) : notFoundOrNotAllowed();
}

/** What the audit keeps of a session: ids, statuses and numbers, never names or note text. */
export function auditSnapshot(session: LoadedSession) {
  return {
    kind: session.kind,
    occurredOn: session.occurredOn,
    durationMinutes: session.durationMinutes,
    noteSet: session.noteEnc !== null,
    coAuthorIds: session.operators.map((o) => o.staffId).filter((staffId) => staffId !== session.authorId),
    statuses: Object.fromEntries(session.attendance.map((a) => [a.personId, a.status])),
  };
}

export async function undoSession(deps: ServiceDeps, actor: Actor, sessionId: number): Promise<{ id: number }> {
  const { session, rights } = await sessionForCorrection(deps, actor, sessionId);
  if (!rights.canUndo) throw refusal(actor, session, "session-undo-too-late");
  const now = deps.clock();
  await deps.db.$transaction(async (tx) => {
    // Clearing groupKey lets the same activity and date be logged again.
    const voided = await tx.session.updateMany({
      where: { id: session.id, voidedAt: null },
      data: { voidedAt: now, groupKey: null },
    });
    if (voided.count !== 1) throw new ServiceError("session-already-voided");
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "session.void",
      subjectType: "session",
      subjectId: session.id,
      personId: session.attendance.length === 1 ? session.attendance[0]?.personId : null,
      details: { before: { ...auditSnapshot(session), voided: false }, after: { voided: true } },
      at: now,
    });
  });
  return { id: session.id };
}

const sessionChanges = z
  .object({
    kind: z.enum(INDIVIDUAL_SESSION_KINDS),
    occurredOn: isoDate,
    durationMinutes: z.number().int().min(DURATION_LIMITS.min).max(DURATION_LIMITS.max),
    note: noteText.nullable(),
    coAuthorIds: z.array(z.number().int().positive()).max(10),
  })
  .partial();
export type SessionChanges = z.input<typeof sessionChanges>;

export async function editSession(
  deps: ServiceDeps,
  actor: Actor,
  sessionId: number,
  input: SessionChanges,
): Promise<{ id: number }> {
  const changes = sessionChanges.parse(input);
  const { session, site, rights } = await sessionForCorrection(deps, actor, sessionId);
  if (!rights.canEdit) throw refusal(actor, session, "session-edit-too-late");
  const group = session.kind === "group_activity";
  if (group && (changes.kind !== undefined || changes.occurredOn !== undefined))
    throw new ServiceError("session-group-fixed");
  if (changes.kind && changes.kind !== MULTI_PERSON_KIND && session.attendance.length > 1) {
    throw new ServiceError("session-kind-needs-one-person");
  }
  const now = deps.clock();
  if (changes.occurredOn) {
    assertNotFuture(deps, changes.occurredOn, now);
    const outside = session.attendance.find((a) => !isInCharge(a.person, changes.occurredOn as string));
    if (outside)
      throw new ServiceError("session-not-in-charge", {
        code: outside.person.code,
        intake: dayMonthYear(outside.person.intakeOn),
      });
  }
  await deps.db.$transaction(async (tx) => {
    const coAuthors = changes.coAuthorIds
      ? await checkCoAuthors(tx, site, session.authorId, changes.coAuthorIds)
      : null;
    await tx.session.update({
      where: { id: session.id },
      data: {
        kind: changes.kind,
        occurredOn: changes.occurredOn,
        occurredAt: changes.occurredOn ? occurredAtFor(deps, changes.occurredOn, null, now) : undefined,
        durationMinutes: changes.durationMinutes,
        noteEnc:
          changes.note === undefined
            ? undefined
            : deps.cipher.encryptOptional(changes.note, "Session.noteEnc", session.id),
        operators: coAuthors
          ? { deleteMany: { staffId: { not: session.authorId } }, create: coAuthors.map((staffId) => ({ staffId })) }
          : undefined,
      },
    });
    const before = auditSnapshot(session);
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "session.correct",
      subjectType: "session",
      subjectId: session.id,
      personId: session.attendance.length === 1 ? session.attendance[0]?.personId : null,
      details: {
        changed: Object.keys(changes),
        before,
        after: {
          ...before,
          kind: changes.kind ?? before.kind,
          occurredOn: changes.occurredOn ?? before.occurredOn,
          durationMinutes: changes.durationMinutes ?? before.durationMinutes,
          noteSet: changes.note === undefined ? before.noteSet : changes.note !== null,
          coAuthorIds: coAuthors ?? before.coAuthorIds,
        },
      },
      at: now,
    });
  });
  return { id: session.id };
}

export interface SessionDetail {
  id: number;
  kind: string;
  siteId: number;
  activityId: number | null;
  activityName: string | null;
  occurredOn: string;
  durationMinutes: number;
  hasNote: boolean;
  authoredByActor: boolean;
  coAuthorIds: number[];
  people: (PersonPick & { status: string })[];
  rights: CorrectionRights;
}

export async function getSessionDetail(deps: ServiceDeps, actor: Actor, sessionId: number): Promise<SessionDetail> {
  const { session, rights } = await sessionForCorrection(deps, actor, sessionId);
  return {
    id: session.id,
    kind: session.kind,
    siteId: session.siteId,
    activityId: session.activityId,
    activityName: session.activity?.name ?? null,
    occurredOn: session.occurredOn,
    durationMinutes: session.durationMinutes,
    hasNote: session.noteEnc !== null,
    authoredByActor: session.authorId === actor.staffId,
    coAuthorIds: auditSnapshot(session).coAuthorIds,
    people: session.attendance.map((a) => ({ ...toPick(deps, a.person), status: a.status })),
    rights,
  };
}

/** Sessions the actor may still correct: their own of the last 24 hours, and their sites' of the last 30 days if coordinator. */
export async function listCorrectableSessions(deps: ServiceDeps, actor: Actor, limit = 12): Promise<SessionDetail[]> {
  const now = deps.clock();
  const coordinated = (await listSites(deps)).filter((site) => canManageSite(actor, site)).map((s) => s.id);
  const rows = await deps.db.session.findMany({
    where: {
      voidedAt: null,
      OR: [
        { authorId: actor.staffId, recordedAt: { gte: new Date(now.getTime() - EDIT_WINDOW_MS) } },
        {
          siteId: { in: coordinated },
          recordedAt: { gte: new Date(now.getTime() - COORDINATOR_LIST_DAYS * 86_400_000) },
        },
      ],
    },
    orderBy: { recordedAt: "desc" },
    take: limit,
    select: { id: true },
  });
  const details = await Promise.all(rows.map((row) => getSessionDetail(deps, actor, row.id)));
  return details.filter((detail) => detail.rights.canEdit);
}
