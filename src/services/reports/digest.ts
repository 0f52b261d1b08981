// The weekly digest of a site or a programme: coordinators for their sites, admins for their programmes.
// The scheduled job and /riepilogo both go through scopeDigest, so the same week and scope give the same numbers.
import { type DigestScope, scopeSiteIds } from "../../domain/digest.ts";
import type { Actor } from "../../domain/permissions.ts";
import { addDaysIso, localDate, type WeekKey, weekRange } from "../../domain/weeks.ts";
import { databaseUrlOf } from "../../db/url.ts";
import { translatorFor } from "../../i18n.ts";
import { recordAudit } from "../audit.ts";
import type { ServiceDeps } from "../deps.ts";
import { firstContactFor } from "../first-contact.ts";
import { managedProgrammes } from "../managed-scopes.ts";
import { today } from "../person-scope.ts";
import { upcomingReleases } from "../release-checklist.ts";
import { notFoundOrNotAllowed } from "../errors.ts";
import { renderWeeklyChartPng } from "./chart.ts";
import { digestFiguresInChildProcess, type ScopeFigures } from "./digest-figures.ts";
import { loadDigestLabels } from "./digest-labels.ts";
import { renderDigestText } from "./digest-text.ts";
import type { BreakGlassRead, DigestTarget, DigestView } from "./digest-view.ts";

/** How far back the digest looks at releases for their first contact. */
const RELEASED_DAYS = 30;

export interface DigestScopeOption extends DigestTarget {
  name: string;
}

/** Sites the actor coordinates (admins: every site of their programmes), then the programmes they administer. */
export async function digestScopesFor(deps: ServiceDeps, actor: Actor): Promise<DigestScopeOption[]> {
  const programmes = await managedProgrammes(deps, actor);
  const sites = programmes.flatMap((programme) =>
    programme.sites.map((site) => ({ kind: "site" as const, id: site.id, name: site.name })),
  );
  const administered = programmes
    .filter((programme) => programme.administered)
    .map((programme) => ({ kind: "programme" as const, id: programme.id, name: programme.name }));
  return [...sites, ...administered];
}

/** The digest an actor asked for; refuses scopes outside their role without saying whether they exist. */
export async function digestFor(
  deps: ServiceDeps,
  actor: Actor,
  target: DigestTarget,
  weekKey: WeekKey,
): Promise<DigestView> {
  const allowed = await digestScopesFor(deps, actor);
  if (!allowed.some((scope) => scope.kind === target.kind && scope.id === target.id)) throw notFoundOrNotAllowed();
  const view = await scopeDigest(deps, target, weekKey);
  await recordAudit(deps.db, deps.cipher, {
    actorId: actor.staffId,
    action: "digest.view",
    subjectType: target.kind,
    subjectId: target.id,
    details: { weekKey },
    at: deps.clock(),
  });
  return view;
}

/**
 * Figures computed during one run of several digests: the rows of a programme serve the digest of each of its sites,
 * so a Monday's digests read the database once per programme instead of once per site.
 */
export type DigestFiguresCache = Map<string, Promise<Map<string, ScopeFigures>>>;

const scopeKey = (scope: DigestScope) =>
  scope.kind === "site" ? `site:${scope.siteId}` : `programme:${scope.programmeId}`;

/** The digest of a scope without a permission check: for the scheduled job, which picks recipients by role. */
export async function scopeDigest(
  deps: ServiceDeps,
  target: DigestTarget,
  weekKey: WeekKey,
  cache?: DigestFiguresCache,
): Promise<DigestView> {
  const { scope, name, programmeId, programmeSiteIds } = await resolveScopeOnce(deps, target, cache);
  const compute = async (siteIds: readonly number[], scopes: DigestScope[]) => {
    const figures = await digestFiguresInChildProcess({
      databaseUrl: databaseUrlOf(deps.db),
      timeZone: deps.timeZone,
      weekKey,
      siteIds,
      scopes,
    });
    return new Map(scopes.map((each, index) => [scopeKey(each), figures[index] as ScopeFigures]));
  };
  let computing: Promise<Map<string, ScopeFigures>>;
  if (cache) {
    // The whole programme at once: each of its sites, and the programme.
    const key = `${programmeId}:${weekKey}`;
    computing =
      cache.get(key) ??
      compute(programmeSiteIds, [
        ...programmeSiteIds.map((siteId) => ({ kind: "site" as const, siteId })),
        { kind: "programme", programmeId, siteIds: programmeSiteIds },
      ]);
    cache.set(key, computing);
  } else {
    computing = compute(scopeSiteIds(scope), [scope]);
  }
  const { report, chart } = (await computing).get(scopeKey(scope)) as ScopeFigures;
  const { current } = report;
  const releasedFrom = addDaysIso(today(deps), -RELEASED_DAYS);
  const firstContact = (
    await firstContactFor(deps, scopeSiteIds(scope), { from: releasedFrom, to: today(deps) }, today(deps))
  ).total;
  const personIds = [
    ...firstContact.withoutContact.map((person) => person.personId),
    ...current.people.intakes,
    ...current.people.discharges,
    ...current.internships.started,
    ...current.internships.ended,
    ...current.internships.hiredByHost,
    ...current.internships.hiredElsewhere,
    ...current.housing.moveIns,
    ...current.housing.moveOuts,
    ...current.people.noContact14Days,
    ...current.plans.reviewDueIn7Days,
    ...current.plans.reviewOverdue,
    ...current.plans.withoutActivePlan,
    ...current.events.peopleWithRepeatedEvents,
  ];
  const activityIds = [
    ...current.groupActivities.activitiesBelowHalf,
    ...current.groupActivities.notLogged.map((occurrence) => occurrence.activityId),
  ];
  const labels = await loadDigestLabels(deps.db, {
    people: personIds,
    activities: activityIds,
    staff: current.logging.staffWithoutEntries,
  });
  const unreachable = await deps.db.staff.findMany({
    where: {
      active: true,
      unreachableSince: { not: null },
      memberships: { some: { siteId: { in: [...scopeSiteIds(scope)] } } },
    },
    select: { displayName: true },
    orderBy: { displayName: "asc" },
  });
  return {
    target,
    scopeName: name,
    report,
    chart,
    ...labels,
    unreachableStaff: unreachable.map((staff) => staff.displayName),
    breakGlassReads: await breakGlassReads(deps, scopeSiteIds(scope), weekKey),
    releases: await upcomingReleases(deps, scopeSiteIds(scope)),
    firstContact,
  };
}

/** Who broke the glass on people of these sites during the week: coordinators see every such read. */
async function breakGlassReads(
  deps: ServiceDeps,
  siteIds: readonly number[],
  weekKey: WeekKey,
): Promise<BreakGlassRead[]> {
  const { start, end } = weekRange(weekKey, deps.timeZone);
  const grants = await deps.db.breakGlassGrant.findMany({
    where: { createdAt: { gte: start, lt: end }, person: { sites: { some: { siteId: { in: [...siteIds] } } } } },
    select: { createdAt: true, staff: { select: { displayName: true } }, person: { select: { code: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return grants.map((grant) => ({
    on: localDate(grant.createdAt, deps.timeZone),
    readerName: grant.staff.displayName,
    code: grant.person.code,
  }));
}

export interface RenderedDigest {
  /** Chat messages, each within Telegram's limit. */
  texts: string[];
  /** The chart of the last 8 weeks (sessions and attendance rate). */
  chartPng: Buffer;
}

/** The digest in the reader's language: the one rendering used by the scheduled digest and by /riepilogo. */
export async function renderDigest(view: DigestView, locale: string): Promise<RenderedDigest> {
  const t = translatorFor(locale);
  const chartPng = await renderWeeklyChartPng(view.chart, {
    title: t("digest-chart-title", { name: view.scopeName }),
    sessions: t("digest-chart-sessions"),
    attendanceRate: t("digest-chart-attendance"),
  });
  return { texts: renderDigestText(view, t, locale), chartPng };
}

const resolvedScopes = new WeakMap<DigestFiguresCache, Map<string, Promise<ResolvedScope>>>();

/** Within one run (one cache), each scope is looked up once. */
function resolveScopeOnce(deps: ServiceDeps, target: DigestTarget, cache?: DigestFiguresCache): Promise<ResolvedScope> {
  if (!cache) return resolveScope(deps, target);
  let scopes = resolvedScopes.get(cache);
  if (!scopes) {
    scopes = new Map();
    resolvedScopes.set(cache, scopes);
  }
  const key = `${target.kind}:${target.id}`;
  const resolving = scopes.get(key) ?? resolveScope(deps, target);
  scopes.set(key, resolving);
  return resolving;
}

interface ResolvedScope {
  scope: DigestScope;
  name: string;
  programmeId: number;
  /** Every site of the programme, closed ones included, so past weeks keep their numbers. */
  programmeSiteIds: number[];
}

async function resolveScope(deps: ServiceDeps, target: DigestTarget): Promise<ResolvedScope> {
  const programmeOf = (where: { id: number }) =>
    deps.db.programme.findUnique({ where, select: { id: true, name: true, sites: { select: { id: true } } } });
  if (target.kind === "site") {
    const site = await deps.db.site.findUnique({
      where: { id: target.id },
      select: { id: true, name: true, programmeId: true },
    });
    const programme = site && (await programmeOf({ id: site.programmeId }));
    if (!site || !programme) throw notFoundOrNotAllowed();
    return {
      scope: { kind: "site", siteId: site.id },
      name: site.name,
      programmeId: programme.id,
      programmeSiteIds: programme.sites.map((s) => s.id),
    };
  }
  const programme = await programmeOf({ id: target.id });
  if (!programme) throw notFoundOrNotAllowed();
  const siteIds = programme.sites.map((site) => site.id);
  return {
    scope: { kind: "programme", programmeId: programme.id, siteIds },
    name: programme.name,
    programmeId: programme.id,
    programmeSiteIds: siteIds,
  };
}
