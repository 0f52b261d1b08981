// Erasure (GDPR art. 17): removes or re-seals every trace that identifies one person, in every table, then leaves no
// copy in the WAL or in freed pages. Dates, statuses and counts stay, anonymous, so reports already sent add up.
// Backups taken before the erasure still hold the data until they are deleted (docs/reliability.md).
import { recordAudit, rewritingAudit } from "./audit.ts";
import type { Cipher } from "./crypto.ts";
import { ERASED_TEXT, findPerson } from "./data-subject.ts";
import type { ServiceDeps } from "./deps.ts";

type Tx = Parameters<Parameters<ServiceDeps["db"]["$transaction"]>[0]>[0];

// Shorter texts ("Al", "Po") would match unrelated chat state.
const MIN_TRACE = 3;

/** Everything typed about the person that could turn up elsewhere (chat state, queued messages, group notes). */
async function identifyingTexts(tx: Tx, cipher: Cipher, personId: number, code: string): Promise<string[]> {
  const open = (value: string | null) => cipher.decryptOptional(value) ?? "";
  const [person, plans, events, grants, referrals, sessions] = await Promise.all([
    tx.person.findUniqueOrThrow({ where: { id: personId }, select: { givenNameEnc: true, familyNameEnc: true } }),
    tx.plan.findMany({ where: { personId }, include: { goals: true, interventions: true, network: true } }),
    tx.criticalEvent.findMany({ where: { people: { some: { personId } } }, include: { followUps: true } }),
    tx.breakGlassGrant.findMany({ where: { personId }, select: { reasonEnc: true } }),
    tx.referral.findMany({ where: { personId }, select: { givenNameEnc: true, familyNameEnc: true } }),
    tx.session.findMany({ where: { attendance: { some: { personId } } }, select: { noteEnc: true, attendance: true } }),
  ]);
  const texts = [
    code,
    open(person.givenNameEnc),
    open(person.familyNameEnc),
    ...plans.flatMap((plan) => [
      open(plan.generalObjectiveEnc),
      open(plan.crisisNotesEnc),
      ...plan.goals.map((goal) => open(goal.textEnc)),
      ...plan.interventions.map((intervention) => open(intervention.whatEnc)),
      ...plan.network.flatMap((contact) => [open(contact.referentEnc), open(contact.phoneEnc)]),
    ]),
    ...events.flatMap((event) => [
      open(event.descriptionEnc),
      open(event.actionsEnc),
      ...event.followUps.map((f) => open(f.textEnc)),
    ]),
    ...grants.map((grant) => open(grant.reasonEnc)),
    ...referrals.flatMap((referral) => [open(referral.givenNameEnc), open(referral.familyNameEnc)]),
    ...sessions.filter((session) => session.attendance.length === 1).map((session) => open(session.noteEnc)),
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

/** Rows of a sealed table whose opened value mentions the person. */
async function sealedRowsMentioning<Row extends Record<string, unknown>>(
  rows: Row[],
  column: keyof Row,
  cipher: Cipher,
  texts: readonly string[],
): Promise<Row[]> {
  return rows.filter((row) => {
    const value = row[column];
    if (typeof value !== "string" || value === "") return false;
    try {
      return mentionsAny(cipher.decrypt(value), texts);
    } catch {
      return mentionsAny(value, texts);
    }
  });
}

/**
 * Erases what identifies the person: names, search tokens, code, referring service, every free text about them
 * (plans with intervention `who` and network `service`, events, session notes, break-glass reasons, referrals,
 * record corrections), the old code in audit subjects and details, and chat state (conversations, drafts, journal
 * entries), queued messages and unhandled updates that mention them. Then the WAL is checkpointed and truncated and
 * the file vacuumed (secure_delete is on), so no freed page keeps a copy.
 */
export async function erasePerson(deps: ServiceDeps, code: string, actorId: number | null = null): Promise<string> {
  const { cipher } = deps;
  const person = await findPerson(deps, code);
  const erased = cipher.encrypt(ERASED_TEXT);
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
          givenNameEnc: erased,
          familyNameEnc: erased,
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
      await tx.planGoal.updateMany({ where: { planId: { in: planIds } }, data: { textEnc: erased } });
      await tx.planIntervention.updateMany({
        where: { planId: { in: planIds } },
        data: { whatEnc: erased, who: null, frequency: null },
      });
      await tx.planNetworkContact.updateMany({
        where: { planId: { in: planIds } },
        data: { service: ERASED_TEXT, referentEnc: null, phoneEnc: null },
      });
      // Notes of sessions about this person alone, and group notes that name them.
      const sessions = await tx.session.findMany({
        where: { attendance: { some: { personId: person.id } }, noteEnc: { not: null } },
        select: { id: true, noteEnc: true, _count: { select: { attendance: true } } },
      });
      const naming = await sealedRowsMentioning(sessions, "noteEnc", cipher, texts);
      const noteIds = sessions.filter((s) => s._count.attendance === 1 || naming.includes(s)).map((s) => s.id);
      await tx.session.updateMany({ where: { id: { in: noteIds } }, data: { noteEnc: null } });
      const eventIds = (
        await tx.criticalEventPerson.findMany({ where: { personId: person.id }, select: { eventId: true } })
      ).map((e) => e.eventId);
      await tx.criticalEvent.updateMany({
        where: { id: { in: eventIds } },
        data: { descriptionEnc: erased, actionsEnc: null },
      });
      await tx.eventFollowUp.updateMany({ where: { eventId: { in: eventIds } }, data: { textEnc: erased } });
      await tx.breakGlassGrant.updateMany({ where: { personId: person.id }, data: { reasonEnc: erased } });
      await tx.referral.updateMany({
        where: { personId: person.id },
        data: { givenNameEnc: null, familyNameEnc: null },
      });
      await tx.personRecordChange.updateMany({ where: { personId: person.id }, data: { changesEnc: erased } });
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
  await leaveNoFreedCopies(deps.db);
  return anonymousCode;
}

/** Conversations, drafts and journal entries, queued messages and unhandled updates that mention the person. */
async function eraseChatTraces(tx: Tx, cipher: Cipher, texts: readonly string[]): Promise<void> {
  const states = await tx.chatState.findMany({ select: { key: true, valueEnc: true } });
  const stateKeys = (await sealedRowsMentioning(states, "valueEnc", cipher, texts)).map((row) => row.key);
  await tx.chatState.deleteMany({ where: { key: { in: stateKeys } } });
  const deliveries = await tx.delivery.findMany({
    where: { payloadEnc: { not: "" } },
    select: { id: true, payloadEnc: true, status: true },
  });
  for (const delivery of await sealedRowsMentioning(deliveries, "payloadEnc", cipher, texts)) {
    await tx.delivery.update({
      where: { id: delivery.id },
      data: { payloadEnc: "", ...(delivery.status === "pending" ? { status: "failed", lastError: "erased" } : {}) },
    });
  }
  const inbox = await tx.inboxUpdate.findMany({ select: { updateId: true, payloadEnc: true } });
  const updateIds = (await sealedRowsMentioning(inbox, "payloadEnc", cipher, texts)).map((row) => row.updateId);
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
    await tx.$executeRawUnsafe(
      `UPDATE "AuditEntry" SET "subjectId" = ?, "details" = ?, "reasonEnc" = ? WHERE "id" = ?`,
      entry.subjectId === facts.code ? facts.anonymousCode : entry.subjectId,
      entry.details?.split(`"${facts.code}"`).join(`"${facts.anonymousCode}"`) ?? null,
      entry.reasonEnc === null ? null : cipher.encrypt(ERASED_TEXT),
      entry.id,
    );
  }
}

/** No copy of what was overwritten in the WAL or in freed pages: checkpoint and truncate the WAL, then VACUUM. */
async function leaveNoFreedCopies(db: ServiceDeps["db"]): Promise<void> {
  await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  await db.$executeRawUnsafe("VACUUM");
  await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
}
