// Erasure (GDPR art. 17): removes or re-seals every trace that identifies one person, in every table, then leaves no
// copy in the WAL or in freed pages. Dates, statuses and counts stay, anonymous, so reports already sent add up.
// Backups taken before the erasure still hold the data until they are deleted (docs/reliability.md).
import { rewriteAuditEntry, sqlThrough } from "../db/audit.ts";
import { reclaimFreedSpace } from "../db/client.ts";
import { recordAudit, rewritingAudit } from "./audit.ts";
import type { Cipher } from "./crypto.ts";
import { ERASED_TEXT, findPerson } from "./data-subject.ts";
import type { ServiceDeps } from "./deps.ts";
import { openNames, SEALED_NAME } from "./person-names.ts";
import type { RowId, SealedColumn } from "./sealed-columns.ts";

type Tx = Parameters<Parameters<ServiceDeps["db"]["$transaction"]>[0]>[0];

// Shorter texts ("Al", "Po") would match unrelated chat state.
const MIN_TRACE = 3;

/** Everything typed about the person that could turn up elsewhere (chat state, queued messages, group notes). */
async function identifyingTexts(tx: Tx, cipher: Cipher, personId: number, code: string): Promise<string[]> {
  const open = (value: string | null, column: SealedColumn, row: number) =>
    cipher.decryptOptional(value, column, row) ?? "";
  const [person, plans, events, grants, referrals, sessions, releaseServices] = await Promise.all([
    tx.person.findUniqueOrThrow({ where: { id: personId }, select: SEALED_NAME }),
    tx.plan.findMany({ where: { personId }, include: { goals: true, interventions: true, network: true } }),
    tx.criticalEvent.findMany({ where: { people: { some: { personId } } }, include: { followUps: true } }),
    tx.breakGlassGrant.findMany({ where: { personId }, select: { id: true, reasonEnc: true } }),
    tx.referral.findMany({ where: { personId }, select: { id: true, givenNameEnc: true, familyNameEnc: true } }),
    tx.session.findMany({
      where: { attendance: { some: { personId } } },
      select: { id: true, noteEnc: true, attendance: true },
    }),
    tx.releaseService.findMany({ where: { releasePlan: { personId } }, select: { id: true, contactEnc: true } }),
  ]);
  const names = openNames(cipher, person);
  const texts = [
    code,
    names.givenName,
    names.familyName,
    ...plans.flatMap((plan) => [
      open(plan.generalObjectiveEnc, "Plan.generalObjectiveEnc", plan.id),
      open(plan.crisisNotesEnc, "Plan.crisisNotesEnc", plan.id),
      ...plan.goals.map((goal) => open(goal.textEnc, "PlanGoal.textEnc", goal.id)),
      ...plan.interventions.map((item) => open(item.whatEnc, "PlanIntervention.whatEnc", item.id)),
      ...plan.network.flatMap((contact) => [
        open(contact.referentEnc, "PlanNetworkContact.referentEnc", contact.id),
        open(contact.phoneEnc, "PlanNetworkContact.phoneEnc", contact.id),
      ]),
    ]),
    ...events.flatMap((event) => [
      open(event.descriptionEnc, "CriticalEvent.descriptionEnc", event.id),
      open(event.actionsEnc, "CriticalEvent.actionsEnc", event.id),
      ...event.followUps.map((f) => open(f.textEnc, "EventFollowUp.textEnc", f.id)),
    ]),
    ...grants.map((grant) => open(grant.reasonEnc, "BreakGlassGrant.reasonEnc", grant.id)),
    ...referrals.flatMap((referral) => [
      open(referral.givenNameEnc, "Referral.givenNameEnc", referral.id),
      open(referral.familyNameEnc, "Referral.familyNameEnc", referral.id),
    ]),
    ...sessions
      .filter((session) => session.attendance.length === 1)
      .map((session) => open(session.noteEnc, "Session.noteEnc", session.id)),
    ...releaseServices.map((service) => open(service.contactEnc, "ReleaseService.contactEnc", service.id)),
  ];
  return [...new Set(texts.flatMap(textsIn).map((text) => text.trim()))].filter(
    (text) => text.length >= MIN_TRACE && text !== ERASED_TEXT,
  );
}

/** The texts a sealed value holds: each string of a JSON value (crisis notes are sealed as one object), or itself. */
function textsIn(plain: string): string[] {
  if (!plain.startsWith("{") && !plain.startsWith("[")) return [plain];
  try {
    const strings: string[] = [];
    JSON.parse(plain, (_key, value: unknown) => {
      if (typeof value === "string") strings.push(value);
      return value;
    });
    return strings;
  } catch {
    return [plain];
  }
}

/** Whether sealed JSON or text mentions one of the texts (compared as JSON writes them, ignoring case). */
function mentionsAny(plain: string, texts: readonly string[]): boolean {
  const haystack = plain.toLowerCase();
  return texts.some(
    (text) =>
      haystack.includes(text.toLowerCase()) || haystack.includes(JSON.stringify(text).slice(1, -1).toLowerCase()),
  );
}

/** Rows of a sealed table whose opened value (in `column`, sealed for the row `idOf` gives) mentions the person. */
async function sealedRowsMentioning<Row extends Record<string, unknown>>(
  rows: Row[],
  column: keyof Row,
  place: { column: SealedColumn; idOf: (row: Row) => RowId },
  cipher: Cipher,
  texts: readonly string[],
): Promise<Row[]> {
  return rows.filter((row) => {
    const value = row[column];
    if (typeof value !== "string" || value === "") return false;
    try {
      return mentionsAny(cipher.decrypt(value, place.column, place.idOf(row)), texts);
    } catch {
      return mentionsAny(value, texts);
    }
  });
}

/**
 * Erases what identifies the person: names, search tokens, code, referring service, every free text about them
 * (plans with intervention `who` and network `service`, events, session notes, break-glass reasons, referrals,
 * record corrections, protected-discharge contacts), the old code in audit subjects and details, and chat state (conversations, drafts, journal
 * entries), queued messages and unhandled updates that mention them. Then the WAL is checkpointed and truncated and
 * the file vacuumed (secure_delete is on), so no freed page keeps a copy.
 */
export async function erasePerson(deps: ServiceDeps, code: string, actorId: number | null = null): Promise<string> {
  const { cipher } = deps;
  const person = await findPerson(deps, code);
  const anonymousCode = `ERASED-${person.id}`;
  const now = deps.clock();
  await deps.db.$transaction(
    async (tx) => {
      const texts = await identifyingTexts(tx, cipher, person.id, person.code);
      await tx.personNameToken.deleteMany({ where: { personId: person.id } });
      await tx.person.update({
        where: { id: person.id },
        data: {
          code: anonymousCode,
          givenNameEnc: cipher.encrypt(ERASED_TEXT, "Person.givenNameEnc", person.id),
          familyNameEnc: cipher.encrypt(ERASED_TEXT, "Person.familyNameEnc", person.id),
          referringService: null,
          erasedAt: now,
        },
      });
      const planIds = (await tx.plan.findMany({ where: { personId: person.id }, select: { id: true } })).map(
        (plan) => plan.id,
      );
      await tx.plan.updateMany({
        where: { id: { in: planIds } },
        data: { generalObjectiveEnc: null, crisisNotesEnc: null },
      });
      const inPlans = { where: { planId: { in: planIds } }, select: { id: true } };
      await sealErased(tx, cipher, "PlanGoal.textEnc", await tx.planGoal.findMany(inPlans));
      await tx.planIntervention.updateMany({ where: inPlans.where, data: { who: null, frequency: null } });
      await sealErased(tx, cipher, "PlanIntervention.whatEnc", await tx.planIntervention.findMany(inPlans));
      await tx.planNetworkContact.updateMany({
        where: { planId: { in: planIds } },
        data: { service: ERASED_TEXT, referentEnc: null, phoneEnc: null },
      });
      // Notes of sessions about this person alone, and group notes that name them.
      const sessions = await tx.session.findMany({
        where: { attendance: { some: { personId: person.id } }, noteEnc: { not: null } },
        select: { id: true, noteEnc: true, _count: { select: { attendance: true } } },
      });
      const naming = await sealedRowsMentioning(
        sessions,
        "noteEnc",
        { column: "Session.noteEnc", idOf: (s) => s.id },
        cipher,
        texts,
      );
      const noteIds = sessions.filter((s) => s._count.attendance === 1 || naming.includes(s)).map((s) => s.id);
      await tx.session.updateMany({ where: { id: { in: noteIds } }, data: { noteEnc: null } });
      const eventIds = (
        await tx.criticalEventPerson.findMany({ where: { personId: person.id }, select: { eventId: true } })
      ).map((e) => e.eventId);
      await tx.criticalEvent.updateMany({ where: { id: { in: eventIds } }, data: { actionsEnc: null } });
      await sealErased(
        tx,
        cipher,
        "CriticalEvent.descriptionEnc",
        eventIds.map((id) => ({ id })),
      );
      const followUps = await tx.eventFollowUp.findMany({
        where: { eventId: { in: eventIds } },
        select: { id: true },
      });
      await sealErased(tx, cipher, "EventFollowUp.textEnc", followUps);
      const ofPerson = { where: { personId: person.id }, select: { id: true } };
      await sealErased(tx, cipher, "BreakGlassGrant.reasonEnc", await tx.breakGlassGrant.findMany(ofPerson));
      await tx.referral.updateMany({
        where: { personId: person.id },
        data: { givenNameEnc: null, familyNameEnc: null },
      });
      await sealErased(tx, cipher, "PersonRecordChange.changesEnc", await tx.personRecordChange.findMany(ofPerson));
      await tx.releaseService.updateMany({
        where: { releasePlan: { personId: person.id } },
        data: { contactEnc: null },
      });
      await eraseChatTraces(tx, cipher, texts);
      await rewritingAudit(tx, "erasure", () =>
        rewriteAudit(tx, cipher, { personId: person.id, code: person.code, anonymousCode }),
      );
      await recordAudit(tx, cipher, {
        actorId,
        action: "person.erase",
        subjectType: "person",
        subjectId: anonymousCode,
        personId: person.id,
        at: now,
      });
    },
    { timeout: 120_000 },
  );
  await reclaimFreedSpace(deps.db);
  return anonymousCode;
}

/** Conversations, drafts and journal entries, queued messages and unhandled updates that mention the person. */
async function eraseChatTraces(tx: Tx, cipher: Cipher, texts: readonly string[]): Promise<void> {
  const states = await tx.chatState.findMany({ select: { key: true, valueEnc: true } });
  const stateKeys = (
    await sealedRowsMentioning(states, "valueEnc", { column: "ChatState.valueEnc", idOf: (r) => r.key }, cipher, texts)
  ).map((row) => row.key);
  await tx.chatState.deleteMany({ where: { key: { in: stateKeys } } });
  const deliveries = await tx.delivery.findMany({
    where: { payloadEnc: { not: "" } },
    select: { id: true, payloadEnc: true, status: true },
  });
  const mentioning = await sealedRowsMentioning(
    deliveries,
    "payloadEnc",
    { column: "Delivery.payloadEnc", idOf: (r) => r.id },
    cipher,
    texts,
  );
  for (const delivery of mentioning) {
    await tx.delivery.update({
      where: { id: delivery.id },
      data: { payloadEnc: "", ...(delivery.status === "pending" ? { status: "failed", lastError: "erased" } : {}) },
    });
  }
  const inbox = await tx.inboxUpdate.findMany({ select: { updateId: true, payloadEnc: true } });
  const updateIds = (
    await sealedRowsMentioning(
      inbox,
      "payloadEnc",
      { column: "InboxUpdate.payloadEnc", idOf: (r) => r.updateId },
      cipher,
      texts,
    )
  ).map((row) => row.updateId);
  await tx.inboxUpdate.deleteMany({ where: { updateId: { in: updateIds } } });
}

/**
 * The one documented rewrite of the append-only audit trail (see docs/reliability.md): entries about the person
 * keep who did what and when, but their subject and details name the anonymous code and their reasons are erased.
 */
async function rewriteAudit(
  tx: Tx,
  cipher: Cipher,
  facts: { personId: number; code: string; anonymousCode: string },
): Promise<void> {
  const entries = await tx.auditEntry.findMany({
    where: {
      OR: [{ personId: facts.personId }, { subjectId: facts.code }, { details: { contains: `"${facts.code}"` } }],
    },
    select: { id: true, subjectId: true, details: true, reasonEnc: true },
  });
  for (const entry of entries) {
    await rewriteAuditEntry(tx, entry.id, {
      subjectId: entry.subjectId === facts.code ? facts.anonymousCode : entry.subjectId,
      details: entry.details?.split(`"${facts.code}"`).join(`"${facts.anonymousCode}"`) ?? null,
      reasonEnc: entry.reasonEnc === null ? null : cipher.encrypt(ERASED_TEXT, "AuditEntry.reasonEnc", entry.id),
    });
  }
}

/** Overwrites a sealed column of the given rows with the erased mark, sealed for each row. */
async function sealErased(
  tx: Tx,
  cipher: Cipher,
  column: SealedColumn,
  rows: readonly { id: number }[],
): Promise<void> {
  const [table, field] = column.split(".");
  for (const { id } of rows) {
    await sqlThrough(tx).run(
      `UPDATE "${table}" SET "${field}" = ? WHERE "id" = ?`,
      cipher.encrypt(ERASED_TEXT, column, id),
      id,
    );
  }
}
