// The demo world of `npm run local`: a seeded, deterministic, wholly invented programme with a few weeks of history.
// Pure: the same seed, clock instant and time zone always give the same rows (ids included). Names come only from
// the invented lists of demo-catalogue.ts, so no real person can appear. src/local/demo-seed.ts writes the rows.
import { TZDate } from "@date-fns/tz";
import type { LegalStatus } from "../domain/legal-status.ts";
import type { Gender, Role, SiteKind } from "../domain/roles.ts";
import type { EventKind } from "../domain/escalation.ts";
import { type CrisisNotes, PLAN_AREAS } from "../domain/plan-card.ts";
import type { ActivityKind } from "../services/activities.ts";
import type { SessionKind } from "../services/sessions.ts";
import { addDaysIso, daysBetween, type IsoDate, localDate, startOfLocalDay } from "../domain/weeks.ts";
import {
  ACTIVITY_PLANS,
  BOL,
  CAS,
  COORDINATOR_BY_SITE,
  CRISIS_NOTES,
  DEMO_FAMILY_NAMES,
  DEMO_GIVEN_NAMES,
  DEMO_ORGANISATIONS,
  EST,
  FRAGILITY_CHOICES,
  GOAL_TEXTS,
  GROUP_NOTES,
  INDIVIDUAL_KINDS,
  INTERVENTION_TEXTS,
  LEGAL_BY_SITE,
  OPE,
  OPERATORS_BY_SITE,
  PEOPLE_PER_SITE,
  REFERRED_NAMES,
  REFERRERS_BY_SITE,
  SESSION_NOTES,
  SITES,
  STAFF,
} from "./demo-catalogue.ts";

const DEMO_SEED = 2026;
const HISTORY_DAYS = 28;

export interface DemoSite {
  id: number;
  name: string;
  kind: SiteKind;
  institution: string | null;
  codePrefix: string;
  openingHours: string;
}

export interface DemoStaff {
  id: number;
  telegramId: number;
  displayName: string;
  phone: string;
  memberships: { role: Role; siteId: number | null }[];
}

export interface DemoPerson {
  id: number;
  code: string;
  givenName: string;
  familyName: string;
  birthYear: number;
  gender: Gender;
  /** At intake; later changes are in DemoWorld.legalStatusChanges. */
  legalStatus: LegalStatus;
  referringService: string;
  intakeOn: IsoDate;
  caseManagerId: number;
  siteId: number;
  fragilities: string[];
  dischargeOn: IsoDate | null;
  dischargeOutcome: string | null;
}

export interface DemoActivity {
  id: number;
  siteId: number;
  name: string;
  kind: ActivityKind;
  courseHours: number | null;
  schedules: { id: number; weekday: number; startTime: string; durationMinutes: number }[];
  facilitatorIds: number[];
  roster: {
    id: number;
    personId: number;
    enrolledOn: IsoDate;
    withdrawnOn: IsoDate | null;
    completedOn: IsoDate | null;
    certificateOn: IsoDate | null;
  }[];
}

export interface DemoSession {
  id: number;
  siteId: number;
  kind: SessionKind;
  activityId: number | null;
  occurredAt: Date;
  occurredOn: IsoDate;
  recordedAt: Date;
  durationMinutes: number;
  note: string | null;
  authorId: number;
  groupKey: string | null;
  operatorIds: number[];
  attendance: { personId: number; status: "present" | "absent" | "excused" }[];
  goalIds: number[];
}

export interface DemoPlan {
  id: number;
  personId: number;
  version: number;
  status: "active" | "closed";
  generalObjective: string;
  crisisNotes: CrisisNotes;
  reviewOn: IsoDate;
  signedByPersonOn: IsoDate;
  approvedById: number;
  approvedAt: Date;
  authorId: number;
  createdAt: Date;
  closedAt: Date | null;
  goals: { id: number; area: string; text: string; targetOn: IsoDate }[];
  interventions: { id: number; area: string; what: string; who: string; frequency: string }[];
  network: { id: number; service: string; referent: string; phone: string }[];
}

export interface DemoEvent {
  id: number;
  siteId: number;
  kind: EventKind;
  severity: number;
  occurredAt: Date;
  occurredOn: IsoDate;
  recordedAt: Date;
  description: string;
  actions: string;
  notifiedCodes: string;
  status: "open" | "acknowledged" | "closed";
  reporterId: number;
  personIds: number[];
  acknowledgedBy: { staffId: number; at: Date }[];
  followUps: { id: number; authorId: number; text: string; at: Date }[];
  closedAt: Date | null;
  closedById: number | null;
  lastAlertedAt: Date;
}

export interface DemoWorld {
  today: IsoDate;
  /** When the programme, its sites, staff and activities were set up (stored as their creation time, not the seed's). */
  setUpAt: Date;
  programme: { id: number; code: string; name: string; funder: string; startsOn: IsoDate; endsOn: IsoDate };
  sites: DemoSite[];
  staff: DemoStaff[];
  people: DemoPerson[];
  activities: DemoActivity[];
  sessions: DemoSession[];
  plans: DemoPlan[];
  events: DemoEvent[];
  /** Where each person was: the site of intake, and for a transfer the site after it. */
  personSites: { personId: number; siteId: number; fromOn: IsoDate; toOn: IsoDate | null }[];
  legalStatusChanges: { personId: number; status: LegalStatus; fromOn: IsoDate }[];
  /** Protected discharges being prepared, and the network social worker of each site that has one. */
  releases: {
    personId: number;
    siteId: number;
    releaseOn: IsoDate;
    openedOn: IsoDate;
    services: {
      kind: string;
      contact: string;
      firstAppointmentOn: IsoDate | null;
      consentOn: IsoDate | null;
      consentScope: string | null;
    }[];
  }[];
  networkWorkers: { siteId: number; staffId: number }[];
  referrals: {
    id: number;
    siteId: number;
    receivedOn: IsoDate;
    source: string;
    institution: string | null;
    personId: number | null;
    givenName: string | null;
    familyName: string | null;
    status: "pending" | "accepted" | "declined";
    decidedOn: IsoDate | null;
    declineReason: string | null;
  }[];
  organisations: { id: number; name: string; kind: string }[];
  internships: {
    id: number;
    personId: number;
    hostId: number;
    startsOn: IsoDate;
    plannedEndOn: IsoDate;
    endsOn: IsoDate | null;
    hoursPerWeek: number;
    monthlyAllowanceCents: number;
    allowancePayer: string;
    tutorId: number;
    status: "active" | "ended";
    outcome: string | null;
    interruptionReason: string | null;
    extensions: { previousEndOn: IsoDate; newEndOn: IsoDate; decidedOn: IsoDate }[];
    allowancesPaid: { month: string; amountCents: number }[];
  }[];
  hires: {
    id: number;
    personId: number;
    employerId: number;
    hiredOn: IsoDate;
    contract: string;
    internshipId: number | null;
  }[];
  houses: { id: number; siteId: number; name: string; beds: { id: number; label: string }[] }[];
  housingStays: {
    id: number;
    personId: number;
    siteId: number;
    bedId: number;
    fromOn: IsoDate;
    toOn: IsoDate | null;
    plannedEndOn: IsoDate | null;
    renewals: { previousEndOn: IsoDate | null; newEndOn: IsoDate; decidedOn: IsoDate }[];
  }[];
  onCallShifts: { id: number; staffId: number; startsAt: Date; endsAt: Date; siteIds: number[] }[];
}

/** mulberry32: a tiny seeded generator, enough for demo data. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const chance = (probability: number) => next() < probability;
  const sample = <T>(items: readonly T[], count: number): T[] => {
    const pool = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(int(0, pool.length - 1), 1)[0] as T);
    return chosen;
  };
  return { next, int, pick, chance, sample };
}

/** The instant of a local wall-clock time ("HH:mm") on a calendar date in the zone. */
function localInstant(date: IsoDate, time: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hours, minutes] = time.split(":").map(Number) as [number, number];
  return new Date(new TZDate(year, month - 1, day, hours, minutes, timeZone).getTime());
}

function isoWeekday(date: IsoDate): number {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

const HOUR = 3_600_000;

export function buildDemoWorld(options: { now: Date; timeZone: string; seed?: number }): DemoWorld {
  const random = seededRandom(options.seed ?? DEMO_SEED);
  const { now, timeZone } = options;
  const today = localDate(now, timeZone);
  const daysAgo = (days: number) => addDaysIso(today, -days);
  const at = (date: IsoDate, time: string) => localInstant(date, time, timeZone);
  const beforeNow = (instant: Date) => new Date(Math.min(instant.getTime(), now.getTime() - 60_000));
  const programmeStart = `${daysAgo(180).slice(0, 7)}-01`;

  const sites = SITES.map((site, index) => ({ ...site, id: index + 1 }));
  const staff: DemoStaff[] = STAFF.map((member) => ({
    ...member,
    phone: `+39 300 000 00${String(member.id).padStart(2, "0")}`,
  }));

  // People: unique invented names, codes numbered per site as the bot itself would number them.
  const usedNames = new Set<string>();
  const people: DemoPerson[] = [];
  for (const [siteId, count] of PEOPLE_PER_SITE) {
    const site = sites[siteId - 1] as DemoSite;
    for (let n = 1; n <= count; n++) {
      let given = random.pick(DEMO_GIVEN_NAMES);
      let family = random.pick(DEMO_FAMILY_NAMES);
      while (usedNames.has(`${given.name} ${family}`)) {
        given = random.pick(DEMO_GIVEN_NAMES);
        family = random.pick(DEMO_FAMILY_NAMES);
      }
      usedNames.add(`${given.name} ${family}`);
      const legalStatus = random.pick(LEGAL_BY_SITE[siteId] as LegalStatus[]);
      const recentIntake = n === count; // the last of each site arrived in the last ten days
      const fragilities = random.sample(FRAGILITY_CHOICES, random.pick([0, 0, 1, 1, 2]));
      if (given.gender === "female" && random.chance(0.5)) fragilities.push("woman_with_children");
      const id = people.length + 1;
      people.push({
        id,
        code: `${site.codePrefix}-${String(n).padStart(4, "0")}`,
        givenName: given.name,
        familyName: family,
        birthYear: legalStatus === "juvenile" ? Number(today.slice(0, 4)) - random.int(19, 24) : random.int(1962, 2000),
        gender: given.gender,
        legalStatus,
        referringService: random.pick(REFERRERS_BY_SITE[siteId] as string[]),
        intakeOn: recentIntake ? daysAgo(random.int(2, 10)) : daysAgo(random.int(40, 170)),
        caseManagerId: random.pick(OPERATORS_BY_SITE[siteId] as number[]),
        siteId,
        fragilities,
        dischargeOn: null,
        dischargeOutcome: null,
      });
    }
  }
  // One discharge last week, so the digest has one.
  const discharged = people.find((p) => p.siteId === EST && p.legalStatus === "released") ?? (people[30] as DemoPerson);
  discharged.dischargeOn = daysAgo(5);
  discharged.dischargeOutcome = "end_of_sentence";
  const inCharge = (person: DemoPerson, date: IsoDate) =>
    person.intakeOn <= date && (person.dischargeOn === null || person.dischargeOn > date);
  // Every seventh person has had no contact for weeks: the digest's "no contact for 14+ days" list.
  const quiet = new Set(people.filter((p) => p.id % 7 === 0).map((p) => p.id));
  const active = (siteId: number) =>
    people.filter((p) => p.siteId === siteId && !quiet.has(p.id) && p.dischargeOn === null);
  // Involved in two critical events this month, and with an active plan: the on-call demo's main character.
  const repeated = active(BOL)[1] as DemoPerson;

  // Plans: an active plan for about a third of the people, with goals, interventions, network and crisis notes.
  const plans: DemoPlan[] = [];
  let goalId = 0;
  let interventionId = 0;
  let contactId = 0;
  const planPeople = people.filter((p) => (p.id % 3 === 1 || p === repeated) && p.intakeOn < daysAgo(20));
  planPeople.forEach((person, index) => {
    const author = person.caseManagerId;
    const approver = COORDINATOR_BY_SITE[person.siteId] as number;
    const areas = random.sample(PLAN_AREAS, 3);
    const hasOldVersion = index === 0;
    const makePlan = (
      version: number,
      status: DemoPlan["status"],
      createdOn: IsoDate,
      reviewOn: IsoDate,
    ): DemoPlan => ({
      id: plans.length + 1,
      personId: person.id,
      version,
      status,
      generalObjective: "Costruire un percorso di autonomia verso il fine pena, con casa, lavoro e rete di servizi.",
      crisisNotes: random.pick(CRISIS_NOTES),
      reviewOn,
      signedByPersonOn: createdOn,
      approvedById: approver,
      approvedAt: at(createdOn, "16:00"),
      authorId: author,
      createdAt: at(createdOn, "15:00"),
      closedAt: status === "closed" ? at(daysAgo(15), "12:00") : null,
      goals: areas.map((area) => ({ id: ++goalId, area, text: GOAL_TEXTS[area], targetOn: addDaysIso(reviewOn, 30) })),
      interventions: areas.slice(0, 2).map((area) => ({
        id: ++interventionId,
        area,
        what: INTERVENTION_TEXTS[area],
        who: "case manager",
        frequency: random.pick(["settimanale", "quindicinale"]),
      })),
      network: [
        {
          id: ++contactId,
          service: random.pick(["SerD Milano (demo)", "CPS zona 8 (demo)"]),
          referent: "Dott.ssa Referente Demo",
          phone: "+39 02 0000 0101",
        },
        {
          id: ++contactId,
          service: "UEPE Milano (demo)",
          referent: "Ass. soc. Referente Demo",
          phone: "+39 02 0000 0202",
        },
      ],
    });
    if (hasOldVersion) plans.push(makePlan(1, "closed", daysAgo(120), daysAgo(30)));
    // Review dates: one overdue, one due within a week, the rest later.
    const reviewOn =
      index === 1 ? daysAgo(3) : index === 2 ? addDaysIso(today, 5) : addDaysIso(today, random.int(30, 90));
    plans.push(
      makePlan(hasOldVersion ? 2 : 1, "active", hasOldVersion ? daysAgo(15) : daysAgo(random.int(21, 60)), reviewOn),
    );
  });
  const activeGoalsOf = (personId: number) =>
    plans.find((plan) => plan.personId === personId && plan.status === "active")?.goals.map((goal) => goal.id) ?? [];

  // Activities with weekly schedules, facilitators and rosters drawn from the site's people.
  let scheduleId = 0;
  let enrollmentId = 0;
  const activities: DemoActivity[] = ACTIVITY_PLANS.map((plan, index) => {
    const candidates = people.filter((p) => p.siteId === plan.siteId && !quiet.has(p.id));
    const members = random.sample(candidates, plan.rosterSize);
    return {
      id: index + 1,
      siteId: plan.siteId,
      name: plan.name,
      kind: plan.kind,
      courseHours: plan.courseHours ?? null,
      facilitatorIds: plan.facilitatorIds,
      schedules: plan.schedules.map(([weekday, startTime, durationMinutes]) => ({
        id: ++scheduleId,
        weekday,
        startTime,
        durationMinutes,
      })),
      roster: members.map((person, position) => ({
        id: ++enrollmentId,
        personId: person.id,
        enrolledOn: person.intakeOn,
        withdrawnOn: position === 0 && index === 0 ? daysAgo(10) : null,
        // Two of each certified course's first learners completed it, the first one with the certificate.
        completedOn: plan.kind === "certified_training" && position < 2 ? daysAgo(8) : null,
        certificateOn: plan.kind === "certified_training" && position === 0 ? daysAgo(3) : null,
      })),
    };
  });

  // Sessions: every scheduled occurrence of the last four weeks (a few never logged), individual sessions, équipes.
  const sessions: DemoSession[] = [];
  for (let day = HISTORY_DAYS; day >= 1; day--) {
    const date = daysAgo(day);
    activities.forEach((activity, index) => {
      for (const schedule of activity.schedules.filter((s) => s.weekday === isoWeekday(date))) {
        if (random.chance(0.08)) continue;
        const occurredAt = at(date, schedule.startTime);
        const late = random.chance(0.08);
        const presentRate = ACTIVITY_PLANS[index]?.presentRate ?? 0.8;
        const attendance = activity.roster
          .filter((entry) => entry.enrolledOn <= date && (entry.withdrawnOn === null || entry.withdrawnOn > date))
          .filter((entry) => inCharge(people[entry.personId - 1] as DemoPerson, date))
          .map((entry) => ({
            personId: entry.personId,
            status: random.chance(presentRate)
              ? ("present" as const)
              : random.chance(0.6)
                ? ("absent" as const)
                : ("excused" as const),
          }));
        sessions.push({
          id: sessions.length + 1,
          siteId: activity.siteId,
          kind: "group_activity",
          activityId: activity.id,
          occurredAt,
          occurredOn: date,
          recordedAt: beforeNow(
            new Date(occurredAt.getTime() + (late ? random.int(80, 120) : random.int(2, 30)) * HOUR),
          ),
          durationMinutes: schedule.durationMinutes,
          note: random.chance(0.3) ? random.pick(GROUP_NOTES) : null,
          authorId: activity.facilitatorIds[0] as number,
          groupKey: `${activity.id}:${date}`,
          operatorIds: activity.facilitatorIds,
          attendance,
          goalIds: [],
        });
      }
    });
    if (isoWeekday(date) === 3) {
      for (const site of sites) {
        const occurredAt = at(date, "14:00");
        sessions.push({
          id: sessions.length + 1,
          siteId: site.id,
          kind: "team_meeting",
          activityId: null,
          occurredAt,
          occurredOn: date,
          recordedAt: beforeNow(new Date(occurredAt.getTime() + 3 * HOUR)),
          durationMinutes: 90,
          note: "Équipe: aggiornamento sui casi della settimana.",
          authorId: COORDINATOR_BY_SITE[site.id] as number,
          groupKey: null,
          operatorIds: [COORDINATOR_BY_SITE[site.id] as number, ...(OPERATORS_BY_SITE[site.id] as number[])],
          attendance: [],
          goalIds: [],
        });
      }
    }
  }
  for (const person of people) {
    // Days back from today: from the day after intake (or four weeks ago) to the day before discharge (or yesterday).
    const earliest = Math.min(HISTORY_DAYS, daysBetween(person.intakeOn, today) - 1);
    const latest = person.dischargeOn ? daysBetween(person.dischargeOn, today) + 1 : 1;
    const window = quiet.has(person.id) ? { from: earliest, to: Math.max(latest, 15) } : { from: earliest, to: latest };
    if (window.from < window.to) continue;
    const count = quiet.has(person.id) ? 1 : random.int(1, 5);
    const goals = activeGoalsOf(person.id);
    for (let n = 0; n < count; n++) {
      const date = daysAgo(random.int(window.to, window.from));
      const occurredAt = at(date, `${random.int(9, 16)}:${random.pick(["00", "30"])}`);
      sessions.push({
        id: sessions.length + 1,
        siteId: person.siteId,
        kind: random.pick(INDIVIDUAL_KINDS[person.siteId] as SessionKind[]),
        activityId: null,
        occurredAt,
        occurredOn: date,
        recordedAt: beforeNow(new Date(occurredAt.getTime() + random.int(1, 26) * HOUR)),
        durationMinutes: random.pick([30, 45, 60, 60, 90]),
        note: random.chance(0.6) ? random.pick(SESSION_NOTES) : null,
        authorId: person.caseManagerId,
        groupKey: null,
        operatorIds: [person.caseManagerId],
        attendance: [{ personId: person.id, status: "present" }],
        goalIds: goals.length > 0 && random.chance(0.5) ? [random.pick(goals)] : [],
      });
    }
  }
  sessions.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id - b.id);
  sessions.forEach((session, index) => {
    session.id = index + 1;
  });

  // Critical events: a handful, none of severity ≥ 3 left unacknowledged (that would escalate at once).
  const personAt = (siteId: number, offset: number) => active(siteId)[offset] as DemoPerson;
  const eventSpecs: {
    siteId: number;
    kind: EventKind;
    severity: number;
    day: number;
    time: string;
    people: DemoPerson[];
    description: string;
    actions: string;
    notified: string;
    status: DemoEvent["status"];
  }[] = [
    {
      siteId: BOL,
      kind: "aggression_peer",
      severity: 2,
      day: 19,
      time: "11:15",
      people: [repeated, personAt(BOL, 2)],
      description: "Lite verbale durante il laboratorio, poi spintoni; separati dagli operatori.",
      actions: "Separati, colloqui individuali a fine giornata.",
      notified: "penitentiary_police",
      status: "closed",
    },
    {
      siteId: BOL,
      kind: "psychiatric_crisis",
      severity: 3,
      day: 2,
      time: "15:40",
      people: [repeated],
      description: "Forte agitazione dopo una telefonata, frasi di sfiducia.",
      actions: "Ascolto, contattato il CPS, monitoraggio in serata.",
      notified: "cps,penitentiary_police",
      status: "acknowledged",
    },
    {
      siteId: OPE,
      kind: "self_harm",
      severity: 3,
      day: 12,
      time: "10:05",
      people: [personAt(OPE, 0)],
      description: "Piccoli tagli superficiali all'avambraccio scoperti durante l'attività.",
      actions: "Medicazione in infermeria, segnalato all'area sanitaria.",
      notified: "nue_112,penitentiary_police",
      status: "closed",
    },
    {
      siteId: EST,
      kind: "intoxication_overdose",
      severity: 3,
      day: 8,
      time: "17:30",
      people: [personAt(EST, 3)],
      description: "Arrivato al centro in evidente stato di alterazione.",
      actions: "Chiamato il 112, accompagnato in pronto soccorso.",
      notified: "nue_112,serd,uepe",
      status: "acknowledged",
    },
    {
      siteId: CAS,
      kind: "escape_or_failure_to_return",
      severity: 2,
      day: 1,
      time: "23:00",
      people: [personAt(CAS, 1)],
      description: "Mancato rientro serale in struttura, telefono spento.",
      actions: "Avvisato l'UEPE, tentativi di contatto ogni ora.",
      notified: "uepe",
      status: "open",
    },
  ];
  let followUpId = 0;
  const events: DemoEvent[] = eventSpecs.map((spec, index) => {
    const occurredOn = daysAgo(spec.day);
    const occurredAt = at(occurredOn, spec.time);
    const recordedAt = beforeNow(new Date(occurredAt.getTime() + HOUR));
    const coordinator = COORDINATOR_BY_SITE[spec.siteId] as number;
    const acknowledgedAt = new Date(recordedAt.getTime() + HOUR / 2);
    return {
      id: index + 1,
      siteId: spec.siteId,
      kind: spec.kind,
      severity: spec.severity,
      occurredAt,
      occurredOn,
      recordedAt,
      description: spec.description,
      actions: spec.actions,
      notifiedCodes: spec.notified,
      status: spec.status,
      reporterId: (OPERATORS_BY_SITE[spec.siteId] as number[])[0] as number,
      personIds: spec.people.map((p) => p.id),
      acknowledgedBy: spec.status === "open" ? [] : [{ staffId: coordinator, at: acknowledgedAt }],
      followUps:
        spec.status === "open"
          ? []
          : [
              {
                id: ++followUpId,
                authorId: coordinator,
                text: "Sentito il case manager, situazione sotto controllo.",
                at: acknowledgedAt,
              },
            ],
      closedAt: spec.status === "closed" ? new Date(acknowledgedAt.getTime() + 24 * HOUR) : null,
      closedById: spec.status === "closed" ? coordinator : null,
      lastAlertedAt: recordedAt,
    };
  });

  const path = demoPath(people, quiet, active, today);
  const housingStays = path.housingStays;

  // The demo on-call user is on duty from midnight today to 8:00 tomorrow, whenever the demo starts.
  const allSiteIds = sites.map((s) => s.id);
  const onCallShifts: DemoWorld["onCallShifts"] = [
    {
      id: 1,
      staffId: 4,
      startsAt: startOfLocalDay(daysAgo(7), timeZone),
      endsAt: at(daysAgo(6), "08:00"),
      siteIds: allSiteIds,
    },
    {
      id: 2,
      staffId: 4,
      startsAt: startOfLocalDay(today, timeZone),
      endsAt: at(addDaysIso(today, 1), "08:00"),
      siteIds: allSiteIds,
    },
  ];

  return {
    today,
    setUpAt: at(programmeStart, "09:00"),
    programme: {
      id: 1,
      code: "spazio-zero-demo",
      name: "Spazio Zero (demo)",
      funder: "Cassa delle Ammende + Regione Lombardia (demo)",
      startsOn: programmeStart,
      endsOn: addDaysIso(programmeStart, 545),
    },
    sites,
    staff,
    people,
    activities,
    sessions,
    plans,
    events,
    personSites: path.personSites,
    legalStatusChanges: path.legalStatusChanges,
    releases: path.releases,
    networkWorkers: [{ siteId: BOL, staffId: (OPERATORS_BY_SITE[BOL] as number[])[0] as number }],
    referrals: path.referrals,
    organisations: DEMO_ORGANISATIONS.map((organisation) => ({ ...organisation })),
    internships: path.internships,
    hires: path.hires,
    houses: path.houses,
    housingStays,
    onCallShifts,
  };
}

type PathOf = Pick<
  DemoWorld,
  "personSites" | "legalStatusChanges" | "releases" | "referrals" | "internships" | "hires" | "houses" | "housingStays"
>;

/**
 * A few people at every step of the path (referrals pending, accepted and declined; legal status changes;
 * internships started, extended, ended with a hire or interrupted; a hire without internship; a house of seven beds;
 * certified courses; a transfer; discharges). Deterministic, without the random generator, so the rest of the demo
 * does not move when this changes.
 */
function demoPath(
  people: DemoPerson[],
  quiet: ReadonlySet<number>,
  active: (siteId: number) => DemoPerson[],
  today: IsoDate,
): PathOf {
  const daysAgo = (days: number) => addDaysIso(today, -days);
  const later = (a: IsoDate, b: IsoDate) => (a > b ? a : b);
  const month = (date: IsoDate) => date.slice(0, 7);

  // A transfer: a quiet person of Opera (on no roster) moved to the outside centre two weeks ago.
  const transferred = people.find((p) => p.siteId === OPE && quiet.has(p.id)) as DemoPerson;
  const transferOn = later(daysAgo(14), addDaysIso(transferred.intakeOn, 1));
  const personSites: PathOf["personSites"] = people.flatMap((person): PathOf["personSites"] =>
    person === transferred
      ? [
          { personId: person.id, siteId: OPE, fromOn: person.intakeOn, toOn: transferOn },
          { personId: person.id, siteId: EST, fromOn: transferOn, toOn: null },
        ]
      : [{ personId: person.id, siteId: person.siteId, fromOn: person.intakeOn, toOn: null }],
  );

  // Legal positions that changed: detention → work outside (art. 21); detention → affidamento; a decided end of
  // sentence next month (#18's protected discharge starts from such a future change).
  const [artTwentyOne, nextAffidamento] = people.filter((p) => p.siteId === BOL && p.legalStatus === "detained");
  const external = active(EST);
  const legalStatusChanges: PathOf["legalStatusChanges"] = [
    {
      personId: (artTwentyOne as DemoPerson).id,
      status: "work_outside_art21",
      fromOn: later(daysAgo(30), addDaysIso((artTwentyOne as DemoPerson).intakeOn, 1)),
    },
    {
      personId: (nextAffidamento as DemoPerson).id,
      status: "probation_social_services",
      fromOn: later(daysAgo(6), addDaysIso((nextAffidamento as DemoPerson).intakeOn, 1)),
    },
    { personId: (external[0] as DemoPerson).id, status: "released", fromOn: addDaysIso(today, 30) },
  ];
  // Released from Bollate next week: the protected discharge is half done (the CPS is ready, the SerD is not).
  const releasedSoon = people.filter((p) => p.siteId === BOL && p.legalStatus === "detained")[2] as DemoPerson;
  legalStatusChanges.push({ personId: releasedSoon.id, status: "released", fromOn: addDaysIso(today, 7) });
  const releases: PathOf["releases"] = [
    {
      personId: releasedSoon.id,
      siteId: BOL,
      releaseOn: addDaysIso(today, 7),
      openedOn: daysAgo(20),
      services: [
        {
          kind: "cps",
          contact: "dott.ssa Marta Colombo, CPS Niguarda",
          firstAppointmentOn: addDaysIso(today, 9),
          consentOn: daysAgo(5),
          consentScope: "plan",
        },
        {
          kind: "serd",
          contact: "dott. Paolo Ferri, SerD Bollate",
          firstAppointmentOn: null,
          consentOn: null,
          consentScope: null,
        },
      ],
    },
  ];

  // Referrals: each person's own, accepted on the intake day, plus two pending and two declined ones.
  const referrals: PathOf["referrals"] = people.map((person, index) => ({
    id: index + 1,
    siteId: person.siteId,
    receivedOn: addDaysIso(person.intakeOn, -10),
    source:
      person.siteId === BOL || person.siteId === OPE ? "prison" : person.legalStatus === "juvenile" ? "ussm" : "uepe",
    institution: person.siteId === BOL ? "CR Milano-Bollate" : person.siteId === OPE ? "CR Milano-Opera" : null,
    personId: person.id,
    givenName: null,
    familyName: null,
    status: "accepted" as const,
    decidedOn: person.intakeOn,
    declineReason: null,
  }));
  const [pendingA, pendingB, declinedA, declinedB] = REFERRED_NAMES;
  const unknown = (
    name: (typeof REFERRED_NAMES)[number] | undefined,
    siteId: number,
    receivedOn: IsoDate,
    source: string,
  ) => ({
    id: referrals.length + 1,
    siteId,
    receivedOn,
    source,
    institution: source === "prison" ? "CC Milano San Vittore" : null,
    personId: null,
    givenName: name?.givenName ?? null,
    familyName: name?.familyName ?? null,
    status: "pending" as "pending" | "declined",
    decidedOn: null as IsoDate | null,
    declineReason: null as string | null,
  });
  referrals.push(unknown(pendingA, BOL, daysAgo(4), "prison"));
  referrals.push(unknown(pendingB, EST, daysAgo(2), "serd"));
  referrals.push({
    ...unknown(declinedA, BOL, daysAgo(40), "prison"),
    status: "declined",
    decidedOn: daysAgo(33),
    declineReason: "transferred",
  });
  referrals.push({
    ...unknown(declinedB, EST, daysAgo(25), "cps"),
    status: "declined",
    decidedOn: daysAgo(20),
    declineReason: "declined_by_person",
  });

  // Internships: one under way (extended once, allowances paid), one ended with a hire by the host, one interrupted.
  const [intern, hired, interrupted] = [4, 5, 6].map((index) => external[index] as DemoPerson) as [
    DemoPerson,
    DemoPerson,
    DemoPerson,
  ];
  const runningStart = later(daysAgo(80), addDaysIso(intern.intakeOn, 7));
  const hiredStart = addDaysIso(hired.intakeOn, 7);
  const hiredEnd = daysAgo(12);
  const internships: PathOf["internships"] = [
    {
      id: 1,
      personId: intern.id,
      hostId: 1,
      startsOn: runningStart,
      plannedEndOn: addDaysIso(today, 60),
      endsOn: null,
      hoursPerWeek: 30,
      monthlyAllowanceCents: 45_000,
      allowancePayer: "programme",
      tutorId: 7,
      status: "active",
      outcome: null,
      interruptionReason: null,
      extensions: [{ previousEndOn: addDaysIso(today, 10), newEndOn: addDaysIso(today, 60), decidedOn: daysAgo(5) }],
      allowancesPaid: [month(runningStart), month(addDaysIso(runningStart, 31))]
        .filter((m, i, all) => all.indexOf(m) === i && m < month(today))
        .map((m) => ({ month: m, amountCents: 45_000 })),
    },
    {
      id: 2,
      personId: hired.id,
      hostId: 2,
      startsOn: hiredStart,
      plannedEndOn: hiredEnd,
      endsOn: hiredEnd,
      hoursPerWeek: 25,
      monthlyAllowanceCents: 40_000,
      allowancePayer: "regional_measure",
      tutorId: 7,
      status: "ended",
      outcome: "hired_by_host",
      interruptionReason: null,
      extensions: [],
      allowancesPaid: [{ month: month(hiredStart), amountCents: 40_000 }],
    },
    {
      id: 3,
      personId: interrupted.id,
      hostId: 4,
      startsOn: later(daysAgo(50), addDaysIso(interrupted.intakeOn, 7)),
      plannedEndOn: addDaysIso(today, 40),
      endsOn: daysAgo(18),
      hoursPerWeek: 20,
      monthlyAllowanceCents: 40_000,
      allowancePayer: "host",
      tutorId: 7,
      status: "ended",
      outcome: "interrupted",
      interruptionReason: "person_withdrew",
      extensions: [],
      allowancesPaid: [],
    },
  ];
  const laterHire = external[7] as DemoPerson;
  const hires: PathOf["hires"] = [
    {
      id: 1,
      personId: hired.id,
      employerId: 2,
      hiredOn: addDaysIso(hiredEnd, 1),
      contract: "fixed_term",
      internshipId: 2,
    },
    {
      id: 2,
      personId: laterHire.id,
      employerId: 3,
      hiredOn: daysAgo(9),
      contract: "apprenticeship",
      internshipId: null,
    },
  ];

  // Casa Ponte: seven beds; its first three guests moved in at intake, one left last week, one was renewed.
  const houses: PathOf["houses"] = [
    {
      id: 1,
      siteId: CAS,
      name: "Casa Ponte",
      beds: Array.from({ length: 7 }, (_, i) => ({ id: i + 1, label: `Letto ${i + 1}` })),
    },
  ];
  const housingStays: PathOf["housingStays"] = people
    .filter((p) => p.siteId === CAS)
    .slice(0, 3)
    .map((person, index) => ({
      id: index + 1,
      personId: person.id,
      siteId: CAS,
      bedId: index + 1,
      fromOn: person.intakeOn,
      toOn: index === 2 ? daysAgo(9) : null,
      plannedEndOn: index === 0 ? addDaysIso(today, 90) : addDaysIso(person.intakeOn, 180),
      renewals:
        index === 0
          ? [{ previousEndOn: addDaysIso(person.intakeOn, 90), newEndOn: addDaysIso(today, 90), decidedOn: daysAgo(7) }]
          : [],
    }));

  return { personSites, legalStatusChanges, releases, referrals, internships, hires, houses, housingStays };
}
