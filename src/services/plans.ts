// Individual plans (progetto individualizzato): versioned, one active per person. Every change writes a new version
// (the previous one closed, its goals, interventions and network copied, re-sealed for their new rows); every read of
// a card or page is audited.
import { subDays } from "date-fns/subDays";
import { z } from "zod";
import { lockRow } from "../db/locks.ts";
import {
  type CrisisNotes,
  GOAL_STATUSES,
  type GoalFacts,
  type GoalsPageFacts,
  type HistoryEntry,
  type NetworkFacts,
  PLAN_AREAS,
  type PlanCardFacts,
} from "../domain/plan-card.ts";
import { type Actor, canManageSite } from "../domain/permissions.ts";
import { statusOn } from "../domain/legal-status.ts";
import { isInCharge, normalisePersonCode } from "../domain/people.ts";
import { addDaysIso, localDate } from "../domain/weeks.ts";
import type { Cipher } from "./crypto.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notAllowed, notFoundOrNotAllowed, ServiceError } from "./errors.ts";
import {
  accessVia,
  findVisiblePeople,
  loadScopedPerson,
  planEditRights,
  type ScopedPerson,
  SEARCH_LIMIT,
  summarise,
} from "./plan-access.ts";
import type { PersonSummary } from "./people.ts";
import { listSites } from "./staff.ts";
import { openNames, openShortName } from "./person-names.ts";
import { reserveIds } from "./row-ids.ts";

type Tx = Parameters<Parameters<ServiceDeps["db"]["$transaction"]>[0]>[0];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date must be YYYY-MM-DD");
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => value || null);
const id = z.number().int().positive();

export const planChange = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("objective"), text: text(2000) }),
  z.object({ kind: z.literal("crisis"), riskSigns: text(1000), whatToDo: text(1000), whomToCall: text(1000) }),
  z.object({ kind: z.literal("add_goal"), area: z.enum(PLAN_AREAS), text: text(500), targetOn: isoDate.nullish() }),
  z.object({ kind: z.literal("goal_status"), goalId: id, status: z.enum(GOAL_STATUSES) }),
  z.object({
    kind: z.literal("add_intervention"),
    area: z.enum(PLAN_AREAS),
    what: text(500),
    who: optionalText(120),
    frequency: optionalText(120),
  }),
  z.object({
    kind: z.literal("add_contact"),
    service: text(120),
    referent: optionalText(120),
    phone: optionalText(40),
  }),
  z.object({ kind: z.literal("remove_contact"), contactId: id }),
  z.object({ kind: z.literal("review"), reviewOn: isoDate }),
  z.object({ kind: z.literal("signed"), signedOn: isoDate }),
  z.object({ kind: z.literal("approve") }),
]);
export type PlanChange = z.input<typeof planChange>;
export type PlanChangeKind = PlanChange["kind"];

/** A version's content, in clear: each value is sealed for its row when the version is written. */
export interface PlanContent {
  generalObjective: string | null;
  crisisNotes: CrisisNotes | null;
  reviewOn: string | null;
  signedByPersonOn: string | null;
  approvedById: number | null;
  approvedAt: Date | null;
  goals: { area: string; text: string; status: string; targetOn: string | null }[];
  interventions: { area: string; what: string; who: string | null; frequency: string | null }[];
  network: { service: string; referent: string | null; phone: string | null }[];
}

const withChildren = {
  goals: { orderBy: { id: "asc" } },
  interventions: { orderBy: { id: "asc" } },
  network: { orderBy: { id: "asc" } },
} as const;

async function activePlan(db: Pick<Tx, "plan">, personId: number) {
  return db.plan.findFirst({ where: { personId, status: "active" }, include: withChildren });
}
type ActivePlan = NonNullable<Awaited<ReturnType<typeof activePlan>>>;

export function openCrisisNotes(
  cipher: Cipher,
  plan: { id: number; crisisNotesEnc: string | null },
): CrisisNotes | null {
  const opened = cipher.decryptOptional(plan.crisisNotesEnc, "Plan.crisisNotesEnc", plan.id);
  return opened ? (JSON.parse(opened) as CrisisNotes) : null;
}

/** The active version's content, opened, as the start of the next version. */
function contentOf(cipher: Cipher, plan: ActivePlan | null): PlanContent {
  return {
    generalObjective: plan
      ? cipher.decryptOptional(plan.generalObjectiveEnc, "Plan.generalObjectiveEnc", plan.id)
      : null,
    crisisNotes: plan ? openCrisisNotes(cipher, plan) : null,
    reviewOn: plan?.reviewOn ?? null,
    signedByPersonOn: plan?.signedByPersonOn ?? null,
    approvedById: null,
    approvedAt: null,
    goals: (plan?.goals ?? []).map((goal) => ({
      area: goal.area,
      text: cipher.decrypt(goal.textEnc, "PlanGoal.textEnc", goal.id),
      status: goal.status,
      targetOn: goal.targetOn,
    })),
    interventions: (plan?.interventions ?? []).map((item) => ({
      area: item.area,
      what: cipher.decrypt(item.whatEnc, "PlanIntervention.whatEnc", item.id),
      who: item.who,
      frequency: item.frequency,
    })),
    network: (plan?.network ?? []).map((contact) => ({ service: contact.service, ...openContact(cipher, contact) })),
  };
}

function openContact(
  cipher: Cipher,
  contact: { id: number; referentEnc: string | null; phoneEnc: string | null },
): { referent: string | null; phone: string | null } {
  return {
    referent: cipher.decryptOptional(contact.referentEnc, "PlanNetworkContact.referentEnc", contact.id),
    phone: cipher.decryptOptional(contact.phoneEnc, "PlanNetworkContact.phoneEnc", contact.id),
  };
}

const changedMeanwhile = () => new ServiceError("plans-changed-retry");

/** The next version's content. Any change but an approval clears the approval: the approved text is no more. */
function applyChange(
  current: ActivePlan | null,
  change: z.output<typeof planChange>,
  cipher: Cipher,
  actor: Actor,
  now: Date,
): PlanContent {
  const next = contentOf(cipher, current);
  switch (change.kind) {
    case "objective":
      next.generalObjective = change.text;
      break;
    case "crisis":
      next.crisisNotes = { riskSigns: change.riskSigns, whatToDo: change.whatToDo, whomToCall: change.whomToCall };
      break;
    case "add_goal":
      next.goals.push({
        area: change.area,
        text: change.text,
        status: "open",
        targetOn: change.targetOn ?? null,
      });
      break;
    case "goal_status": {
      const index = current?.goals.findIndex((goal) => goal.id === change.goalId) ?? -1;
      const goal = next.goals[index];
      if (!goal) throw changedMeanwhile();
      goal.status = change.status;
      break;
    }
    case "add_intervention":
      next.interventions.push({
        area: change.area,
        what: change.what,
        who: change.who,
        frequency: change.frequency,
      });
      break;
    case "add_contact":
      next.network.push({
        service: change.service,
        referent: change.referent,
        phone: change.phone,
      });
      break;
    case "remove_contact": {
      const index = current?.network.findIndex((contact) => contact.id === change.contactId) ?? -1;
      if (index < 0) throw changedMeanwhile();
      next.network.splice(index, 1);
      break;
    }
    case "review":
      next.reviewOn = change.reviewOn;
      break;
    case "signed":
      next.signedByPersonOn = change.signedOn;
      break;
    case "approve":
      next.approvedById = actor.staffId;
      next.approvedAt = now;
      break;
  }
  return next;
}

/** Closes the active version (if any) and writes the next one, each value sealed for its row, inside the caller's
 * transaction. */
export async function writePlanVersion(
  tx: Tx,
  cipher: Cipher,
  personId: number,
  content: PlanContent,
  meta: { authorId: number | null; now: Date },
): Promise<{ id: number; version: number }> {
  await tx.plan.updateMany({ where: { personId, status: "active" }, data: { status: "closed", closedAt: meta.now } });
  const last = await tx.plan.findFirst({
    where: { personId },
    orderBy: { version: "desc" },
    select: { version: true },
  });
  const { generalObjective, crisisNotes, goals, interventions, network, ...fields } = content;
  const id = await reserveIds(tx, "Plan");
  const firstGoal = goals.length > 0 ? await reserveIds(tx, "PlanGoal", goals.length) : 0;
  const firstIntervention =
    interventions.length > 0 ? await reserveIds(tx, "PlanIntervention", interventions.length) : 0;
  const firstContact = network.length > 0 ? await reserveIds(tx, "PlanNetworkContact", network.length) : 0;
  return tx.plan.create({
    data: {
      ...fields,
      id,
      generalObjectiveEnc: cipher.encryptOptional(generalObjective, "Plan.generalObjectiveEnc", id),
      crisisNotesEnc: crisisNotes ? cipher.encrypt(JSON.stringify(crisisNotes), "Plan.crisisNotesEnc", id) : null,
      personId,
      version: (last?.version ?? 0) + 1,
      status: "active",
      authorId: meta.authorId,
      createdAt: meta.now,
      goals: {
        create: goals.map(({ text, ...goal }, index) => ({
          ...goal,
          id: firstGoal + index,
          textEnc: cipher.encrypt(text, "PlanGoal.textEnc", firstGoal + index),
        })),
      },
      interventions: {
        create: interventions.map(({ what, ...item }, index) => ({
          ...item,
          id: firstIntervention + index,
          whatEnc: cipher.encrypt(what, "PlanIntervention.whatEnc", firstIntervention + index),
        })),
      },
      network: {
        create: network.map(({ referent, phone, ...contact }, index) => ({
          ...contact,
          id: firstContact + index,
          referentEnc: cipher.encryptOptional(referent, "PlanNetworkContact.referentEnc", firstContact + index),
          phoneEnc: cipher.encryptOptional(phone, "PlanNetworkContact.phoneEnc", firstContact + index),
        })),
      },
    },
    select: { id: true, version: true },
  });
}

// Stands in for an unknown id, so that it is refused after the same queries as a person out of scope.
const NOBODY: ScopedPerson = { id: 0, code: "", givenNameEnc: "", familyNameEnc: "", caseManagerId: null, siteIds: [] };

/** Applies one change as a new version. The case manager and the person's coordinators edit; coordinators approve. */
export async function revisePlan(
  deps: ServiceDeps,
  actor: Actor,
  personId: number,
  input: PlanChange,
): Promise<{ planId: number; version: number }> {
  const parsed = planChange.safeParse(input);
  if (!parsed.success) {
    throw new ServiceError("error-invalid-input", {
      details: parsed.error.issues.map((i) => i.path.join(".")).join(", "),
    });
  }
  const change = parsed.data;
  const now = deps.clock();
  // Checked inside the transaction: rights withdrawn meanwhile are seen before the write.
  return deps.db.$transaction(async (tx) => {
    const scope = { db: tx };
    const person = await loadScopedPerson(scope, { id: personId });
    if (!person) throw notFoundOrNotAllowed();
    // Two colleagues saving at once: the second builds on the first's version.
    await lockRow(tx, "Person", person.id);
    const rights = await planEditRights(scope, actor, person);
    if (!(change.kind === "approve" ? rights.approve : rights.edit)) {
      throw (await accessVia(scope, actor, person, now)) ? notAllowed() : notFoundOrNotAllowed();
    }
    const current = await activePlan(tx, person.id);
    if (change.kind === "approve" && !current) throw new ServiceError("plans-nothing-to-approve");
    const next = applyChange(current, change, deps.cipher, actor, now);
    const plan = await writePlanVersion(tx, deps.cipher, person.id, next, {
      authorId: actor.staffId,
      now,
    });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "plan.revise",
      subjectType: "plan",
      subjectId: plan.id,
      personId: person.id,
      details: { version: plan.version, change: change.kind },
      at: now,
    });
    return { planId: plan.id, version: plan.version };
  });
}

export type PlanPage = "card" | "goals" | "network" | "history" | "full_name" | "edit";

/** The access check and audit entry that come before showing anything of a person's plan. */
async function openForReading(deps: ServiceDeps, actor: Actor, personId: number, page: PlanPage) {
  const person = await loadScopedPerson(deps, { id: personId });
  const now = deps.clock();
  const via = await accessVia(deps, actor, person ?? NOBODY, now);
  if (!person || !via) throw notFoundOrNotAllowed();
  await recordAudit(deps.db, deps.cipher, {
    actorId: actor.staffId,
    action: "plan.view",
    subjectType: "person",
    subjectId: person.code,
    personId: person.id,
    details: { page, via },
    at: now,
  });
  return { person, via, now, summary: summarise(deps, person) };
}

function goalFacts(cipher: Cipher, goal: ActivePlan["goals"][number]): GoalFacts {
  const text = cipher.decrypt(goal.textEnc, "PlanGoal.textEnc", goal.id);
  return { area: goal.area, text, status: goal.status, targetOn: goal.targetOn };
}

function networkFacts(cipher: Cipher, contact: ActivePlan["network"][number]): NetworkFacts {
  return { service: contact.service, ...openContact(cipher, contact) };
}

export interface PlanCardView {
  personId: number;
  facts: PlanCardFacts;
  rights: { edit: boolean; approve: boolean };
}

const CONTACTS_ON_CARD = 3;
const EVENT_DAYS = 30;

export async function openPlanCard(deps: ServiceDeps, actor: Actor, personId: number): Promise<PlanCardView> {
  const { person, via, now, summary } = await openForReading(deps, actor, personId, "card");
  const [plan, sites, caseManager, contacts, events, rights] = await Promise.all([
    deps.db.plan.findFirst({
      where: { personId, status: "active" },
      include: { ...withChildren, approvedBy: { select: { displayName: true } } },
    }),
    deps.db.site.findMany({ where: { id: { in: person.siteIds } }, select: { name: true }, orderBy: { name: "asc" } }),
    person.caseManagerId
      ? deps.db.staff.findUnique({ where: { id: person.caseManagerId }, select: { displayName: true, phone: true } })
      : null,
    deps.db.attendance.findMany({
      where: { personId, status: "present", session: { voidedAt: null } },
      orderBy: { session: { occurredAt: "desc" } },
      take: CONTACTS_ON_CARD,
      select: { session: { select: { occurredOn: true, kind: true } } },
    }),
    deps.db.criticalEventPerson.findMany({
      where: { personId, event: { occurredAt: { gte: subDays(now, EVENT_DAYS), lte: now } } },
      orderBy: { event: { occurredAt: "desc" } },
      select: { event: { select: { occurredOn: true, kind: true, severity: true } } },
    }),
    planEditRights(deps, actor, person),
  ]);
  const periods = await deps.db.legalStatusPeriod.findMany({
    where: { personId },
    select: { status: true, fromOn: true },
  });
  const facts: PlanCardFacts = {
    code: person.code,
    shortName: summary.shortName,
    legalStatus: statusOn(periods, localDate(now, deps.timeZone)),
    siteNames: sites.map((site) => site.name),
    caseManager: caseManager ? { name: caseManager.displayName, phone: caseManager.phone } : null,
    plan: plan && {
      version: plan.version,
      approvedBy: plan.approvedBy?.displayName ?? null,
      approvedOn: plan.approvedAt ? localDate(plan.approvedAt, deps.timeZone) : null,
      reviewOn: plan.reviewOn,
      crisis: openCrisisNotes(deps.cipher, plan),
      network: plan.network.map((contact) => networkFacts(deps.cipher, contact)),
      activeGoals: plan.goals.filter((goal) => goal.status === "open").map((goal) => goalFacts(deps.cipher, goal)),
    },
    lastContacts: contacts.map(({ session }) => ({ on: session.occurredOn, kind: session.kind })),
    recentEvents: events.map(({ event }) => ({ on: event.occurredOn, kind: event.kind, severity: event.severity })),
    today: localDate(now, deps.timeZone),
    via,
  };
  return { personId, facts, rights };
}

export type PlanPageView =
  | { page: "goals"; facts: GoalsPageFacts }
  | { page: "network"; facts: { code: string; shortName: string; network: NetworkFacts[] } }
  | { page: "history"; facts: { code: string; shortName: string; versions: HistoryEntry[] } };

export async function openPlanPage(
  deps: ServiceDeps,
  actor: Actor,
  personId: number,
  page: PlanPageView["page"],
): Promise<PlanPageView> {
  const { summary } = await openForReading(deps, actor, personId, page);
  const header = { code: summary.code, shortName: summary.shortName };
  if (page === "history") {
    const [plans, changes] = await Promise.all([
      deps.db.plan.findMany({
        where: { personId },
        orderBy: { version: "desc" },
        select: {
          id: true,
          version: true,
          status: true,
          createdAt: true,
          author: { select: { displayName: true } },
          approvedBy: { select: { displayName: true } },
        },
      }),
      deps.db.auditEntry.findMany({
        where: { personId, action: { in: ["plan.revise", "plan.import"] } },
        select: { subjectId: true, action: true, details: true },
      }),
    ]);
    const changeOf = new Map(
      changes.map((entry) => [
        entry.subjectId,
        entry.action === "plan.import"
          ? "import"
          : ((JSON.parse(entry.details ?? "{}") as { change?: string }).change ?? null),
      ]),
    );
    const versions = plans.map((plan) => ({
      version: plan.version,
      status: plan.status,
      on: localDate(plan.createdAt, deps.timeZone),
      author: plan.author?.displayName ?? null,
      change: changeOf.get(String(plan.id)) ?? null,
      approvedBy: plan.approvedBy?.displayName ?? null,
    }));
    return { page, facts: { ...header, versions } };
  }
  const plan = await activePlan(deps.db, personId);
  if (page === "network") {
    return {
      page,
      facts: { ...header, network: (plan?.network ?? []).map((contact) => networkFacts(deps.cipher, contact)) },
    };
  }
  return {
    page,
    facts: {
      ...header,
      generalObjective: plan
        ? deps.cipher.decryptOptional(plan.generalObjectiveEnc, "Plan.generalObjectiveEnc", plan.id)
        : null,
      goals: (plan?.goals ?? []).map((goal) => goalFacts(deps.cipher, goal)),
      interventions: (plan?.interventions ?? []).map((item) => ({
        area: item.area,
        what: deps.cipher.decrypt(item.whatEnc, "PlanIntervention.whatEnc", item.id),
        who: item.who,
        frequency: item.frequency,
      })),
      signedByPersonOn: plan?.signedByPersonOn ?? null,
    },
  };
}

/** The full name, only on an explicit request, which is audited like any other page. */
export async function revealFullName(
  deps: ServiceDeps,
  actor: Actor,
  personId: number,
): Promise<{ code: string; fullName: string }> {
  const { person } = await openForReading(deps, actor, personId, "full_name");
  const { givenName, familyName } = openNames(deps.cipher, person);
  const fullName = `${givenName} ${familyName}`;
  return { code: person.code, fullName };
}

export type PlanLookup =
  | { kind: "card"; view: PlanCardView }
  | { kind: "choices"; people: PersonSummary[]; more: boolean }
  /** Nothing visible. `code` is set when the query was a well-formed person code (break the glass may follow). */
  | { kind: "none"; code: string | null };

/** `/piano <code | part of a name>`: one match opens the card; several give a choice; none says nothing more. */
export async function lookupPlan(deps: ServiceDeps, actor: Actor, query: string): Promise<PlanLookup> {
  const found = await findVisiblePeople(deps, actor, query);
  const code = normalisePersonCode(query);
  const exact = code ? found.find((person) => person.code === code) : undefined;
  const only = exact ?? (found.length === 1 ? found[0] : undefined);
  if (only) return { kind: "card", view: await openPlanCard(deps, actor, only.id) };
  if (found.length === 0) return { kind: "none", code };
  return { kind: "choices", people: found.slice(0, SEARCH_LIMIT), more: found.length > SEARCH_LIMIT };
}

export interface PlanEditContext {
  personId: number;
  code: string;
  shortName: string;
  version: number | null;
  canApprove: boolean;
  openGoals: { id: number; label: string }[];
  contacts: { id: number; label: string }[];
}

/** What the edit flow offers; reading it shows goal texts, so it is audited as a page. */
export async function planEditContext(deps: ServiceDeps, actor: Actor, personId: number): Promise<PlanEditContext> {
  const found = await loadScopedPerson(deps, { id: personId });
  const rights = await planEditRights(deps, actor, found ?? NOBODY);
  const via = await accessVia(deps, actor, found ?? NOBODY, deps.clock());
  if (!found || !rights.edit) throw found && via ? notAllowed() : notFoundOrNotAllowed();
  const { summary } = await openForReading(deps, actor, personId, "edit");
  const plan = await activePlan(deps.db, personId);
  return {
    personId,
    code: summary.code,
    shortName: summary.shortName,
    version: plan?.version ?? null,
    canApprove: rights.approve,
    openGoals: (plan?.goals ?? [])
      .filter((goal) => goal.status === "open")
      .map((goal) => ({ id: goal.id, label: deps.cipher.decrypt(goal.textEnc, "PlanGoal.textEnc", goal.id) })),
    contacts: (plan?.network ?? []).map((contact) => ({ id: contact.id, label: contact.service })),
  };
}

/** People in charge today at the actor's coordinated sites who have no active plan. */
export async function peopleWithoutPlan(deps: ServiceDeps, actor: Actor): Promise<PersonSummary[]> {
  const siteIds = (await listSites(deps)).filter((site) => canManageSite(actor, site)).map((site) => site.id);
  if (siteIds.length === 0) return [];
  const today = localDate(deps.clock(), deps.timeZone);
  const rows = await deps.db.person.findMany({
    where: {
      erasedAt: null,
      sites: { some: { siteId: { in: siteIds }, toOn: null } },
      plans: { none: { status: "active" } },
    },
    select: {
      id: true,
      code: true,
      givenNameEnc: true,
      familyNameEnc: true,
      intakeOn: true,
      dischargeOn: true,
      sites: { where: { toOn: null }, select: { siteId: true } },
    },
    orderBy: { code: "asc" },
  });
  return rows
    .filter((row) => isInCharge(row, today))
    .map((row) => ({
      id: row.id,
      code: row.code,
      shortName: openShortName(deps.cipher, row),
      siteIds: row.sites.map((site) => site.siteId),
    }));
}

export interface DueReview {
  planId: number;
  /** The first version that set this review date, so a later unrelated edit does not repeat the reminder. */
  reminderPlanId: number;
  personId: number;
  code: string;
  shortName: string;
  reviewOn: string;
  caseManagerId: number | null;
  siteIds: number[];
}

export const REVIEW_NOTICE_DAYS = 7;

/** Active plans whose review date is at most REVIEW_NOTICE_DAYS away or already past (people still in charge). */
export async function dueReviews(deps: ServiceDeps, today: string): Promise<DueReview[]> {
  const plans = await deps.db.plan.findMany({
    where: {
      status: "active",
      reviewOn: { not: null, lte: addDaysIso(today, REVIEW_NOTICE_DAYS) },
      person: { erasedAt: null },
    },
    select: {
      id: true,
      personId: true,
      version: true,
      reviewOn: true,
      person: { select: { intakeOn: true, dischargeOn: true } },
    },
    orderBy: { id: "asc" },
  });
  const due: DueReview[] = [];
  for (const plan of plans) {
    if (!plan.reviewOn || !isInCharge(plan.person, today)) continue;
    const person = await loadScopedPerson(deps, { id: plan.personId });
    if (!person) continue;
    const earlier = await deps.db.plan.findMany({
      where: { personId: plan.personId, version: { lt: plan.version } },
      orderBy: { version: "desc" },
      select: { id: true, reviewOn: true },
    });
    let reminderPlanId = plan.id;
    for (const version of earlier) {
      if (version.reviewOn !== plan.reviewOn) break;
      reminderPlanId = version.id;
    }
    due.push({
      planId: plan.id,
      reminderPlanId,
      personId: person.id,
      code: person.code,
      shortName: summarise(deps, person).shortName,
      reviewOn: plan.reviewOn,
      caseManagerId: person.caseManagerId,
      siteIds: person.siteIds,
    });
  }
  return due;
}
