// Rows for digest, quarterly and export tests, written straight to the database on top of seedWorld.
// goldenWeek() seeds 2026-W43 (Mon 19 – Sun 25 October 2026, clocks go back on the Sunday) and the week before;
// the figures it leads to are counted by hand in GOLDEN_BOLLATE below.
import ExcelJS from "exceljs";
import { organisationKey } from "../../src/domain/internships.ts";
import { TARGET_CODES } from "../../src/domain/output-indicators.ts";
import { addMonthsIso, localDate } from "../../src/domain/weeks.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { addClosure, setTimetable } from "../../src/services/opening-calendar.ts";
import { insertPerson, personInput, type PersonInput } from "../../src/services/people.ts";
import { recordOutput } from "../../src/services/programme-outputs.ts";
import { reserveIds } from "../../src/services/row-ids.ts";
import { FIRST_VALUE_COLUMN, TABLE_HEADER_ROW } from "../../src/services/reports/quarterly-xlsx.ts";
import { setTarget } from "../../src/services/targets.ts";
import { addStaff, type World } from "./fixtures.ts";

type Site = World["bollate"];

export async function addPerson(
  deps: ServiceDeps,
  site: Site,
  person: Omit<PersonInput, "siteId" | "legalStatus"> & {
    legalStatus?: PersonInput["legalStatus"];
    dischargeOn?: string;
  },
): Promise<{ id: number; code: string }> {
  const { dischargeOn, ...fields } = person;
  const data = personInput.parse({ legalStatus: "detained", ...fields, siteId: site.id });
  const created = await deps.db.$transaction((tx) => insertPerson(tx, deps, site, data));
  if (dischargeOn) await deps.db.person.update({ where: { id: created.id }, data: { dischargeOn } });
  return created;
}

export async function addActivity(
  deps: ServiceDeps,
  siteId: number,
  activity: { name: string; kind?: string; weekdays: number[]; createdAt?: string },
): Promise<number> {
  const created = await deps.db.activity.create({
    data: {
      siteId,
      name: activity.name,
      kind: activity.kind ?? "workshop",
      createdAt: new Date(activity.createdAt ?? "2026-01-01T00:00:00Z"),
      schedules: { create: activity.weekdays.map((weekday) => ({ weekday, startTime: "10:00", durationMinutes: 90 })) },
    },
  });
  return created.id;
}

export interface SessionSeed {
  siteId: number;
  kind: string;
  activityId?: number;
  /** Instant with its offset, e.g. "2026-10-25T23:30+01:00"; occurredOn is its Rome date, as the services store it. */
  occurredAt: string;
  /** Defaults to 30 minutes after occurredAt. */
  recordedAt?: string;
  durationMinutes: number;
  authorId: number;
  attendance?: Record<number, string>;
  voidedAt?: string;
  /** Free text, stored encrypted. */
  note?: string;
}

export async function addSession(deps: ServiceDeps, seed: SessionSeed): Promise<number> {
  const occurredAt = new Date(seed.occurredAt);
  const id = await reserveIds(deps.db, "Session");
  const session = await deps.db.session.create({
    data: {
      id,
      siteId: seed.siteId,
      kind: seed.kind,
      activityId: seed.activityId ?? null,
      occurredAt,
      occurredOn: localDate(occurredAt, "Europe/Rome"),
      recordedAt: seed.recordedAt ? new Date(seed.recordedAt) : new Date(occurredAt.getTime() + 30 * 60_000),
      durationMinutes: seed.durationMinutes,
      authorId: seed.authorId,
      voidedAt: seed.voidedAt ? new Date(seed.voidedAt) : null,
      noteEnc: deps.cipher.encryptOptional(seed.note, "Session.noteEnc", id),
      operators: { create: [{ staffId: seed.authorId }] },
      attendance: {
        create: Object.entries(seed.attendance ?? {}).map(([personId, status]) => ({
          personId: Number(personId),
          status,
        })),
      },
    },
  });
  return session.id;
}

export interface EventSeed {
  siteId: number;
  kind: string;
  severity: number;
  occurredAt: string;
  recordedAt?: string;
  reporterId: number;
  personIds: number[];
  acknowledged?: { staffId: number; at: string };
  closedAt?: string;
}

export async function addEvent(deps: ServiceDeps, seed: EventSeed): Promise<number> {
  const occurredAt = new Date(seed.occurredAt);
  const id = await reserveIds(deps.db, "CriticalEvent");
  const event = await deps.db.criticalEvent.create({
    data: {
      id,
      siteId: seed.siteId,
      kind: seed.kind,
      severity: seed.severity,
      occurredAt,
      occurredOn: localDate(occurredAt, "Europe/Rome"),
      recordedAt: seed.recordedAt ? new Date(seed.recordedAt) : new Date(occurredAt.getTime() + 30 * 60_000),
      descriptionEnc: deps.cipher.encrypt("Descrizione riservata", "CriticalEvent.descriptionEnc", id),
      reporterId: seed.reporterId,
      status: seed.closedAt ? "closed" : seed.acknowledged ? "acknowledged" : "open",
      closedAt: seed.closedAt ? new Date(seed.closedAt) : null,
      people: { create: seed.personIds.map((personId) => ({ personId })) },
      acknowledgements: seed.acknowledged
        ? { create: [{ staffId: seed.acknowledged.staffId, at: new Date(seed.acknowledged.at) }] }
        : undefined,
    },
  });
  return event.id;
}

/** Mario's records for data-subject requests: a plan with crisis notes and a goal, a session with a note. */
export async function addMarioRecords(deps: ServiceDeps, world: World): Promise<void> {
  const mario = world.people[0]?.id as number;
  const [planId, goalId] = [await reserveIds(deps.db, "Plan"), await reserveIds(deps.db, "PlanGoal")];
  await deps.db.plan.create({
    data: {
      id: planId,
      personId: mario,
      version: 1,
      status: "active",
      crisisNotesEnc: deps.cipher.encrypt("Se agitato chiamare il fratello", "Plan.crisisNotesEnc", planId),
      goals: {
        create: [
          {
            id: goalId,
            area: "housing",
            textEnc: deps.cipher.encrypt("Trovare casa a Rho", "PlanGoal.textEnc", goalId),
          },
        ],
      },
    },
  });
  await addSession(deps, {
    siteId: world.bollate.id,
    kind: "individual_psychological",
    occurredAt: "2026-11-10T11:00+01:00",
    durationMinutes: 60,
    authorId: world.staff.operator.id,
    attendance: { [mario]: "present" },
    note: "Parla del processo",
  });
}

/** A plan version written at `createdAt` (by default long before the weeks under test), in force until replaced. */
export async function addPlan(
  deps: ServiceDeps,
  personId: number,
  status: string,
  reviewOn: string | null,
  createdAt = "2026-01-01T00:00:00Z",
): Promise<void> {
  const version = (await deps.db.plan.count({ where: { personId } })) + 1;
  await deps.db.plan.create({ data: { personId, version, status, reviewOn, createdAt: new Date(createdAt) } });
}

export async function addInternship(
  deps: ServiceDeps,
  internship: { personId: number; hostOrganisation: string; startsOn: string; endsOn?: string; outcome?: string },
): Promise<void> {
  const { hostOrganisation, ...dates } = internship;
  const nameKey = organisationKey(hostOrganisation);
  const host = await deps.db.organisation.upsert({
    where: { nameKey },
    create: { name: hostOrganisation, nameKey },
    update: {},
  });
  await deps.db.internship.create({
    data: {
      ...dates,
      hostId: host.id,
      plannedEndOn: internship.endsOn ?? addMonthsIso(internship.startsOn, 6),
      hoursPerWeek: 20,
      endsOn: internship.endsOn ?? null,
      outcome: internship.outcome ?? null,
      status: internship.endsOn ? "ended" : "active",
    },
  });
}

/** Memberships default to the real time of the test run; reports need them to predate the weeks under test. */
export async function backdateMemberships(deps: ServiceDeps, createdAt = "2026-01-01T00:00:00Z"): Promise<void> {
  await deps.db.membership.updateMany({ data: { createdAt: new Date(createdAt) } });
}

export const GOLDEN_WEEK = "2026-W43";
/** Monday after the golden week, 08:00 in Rome (CET again since Sunday 03:00). */
export const DIGEST_MONDAY = "2026-10-26T08:00:00+01:00";

export interface GoldenWeek {
  /** People by role in the story: p1–p3 are seedWorld's Bollate people, p4 its Opera person. */
  people: Record<"p1" | "p2" | "p3" | "p4" | "p5" | "p6", { id: number; code: string }>;
  activities: { art: number; garden: number; course: number };
  events: { fight: number; selfHarm: number };
  /** An operator at Bollate who logged nothing. */
  idleOperator: { id: number; displayName: string };
}

/**
 * 2026-W43 at Bollate: group sessions of "Arteterapia" on Tue and Thu, "Cura del verde" (Wed) not logged,
 * an individual session at 23:30 on Sunday 25 (in the week) and one at 00:30 on Monday 26 (the next week),
 * a phone call logged 97 h late; two events for p1; a new intake (p5) and a discharge (p6); internships.
 * 2026-W42 has one group session, one individual session and a closed event.
 */
export async function goldenWeek(deps: ServiceDeps, world: World): Promise<GoldenWeek> {
  const bollate = world.bollate.id;
  const opera = world.opera.id;
  const omar = world.staff.operator.id;
  const [p1, p2, p3, p4] = world.people as [
    World["people"][0],
    World["people"][0],
    World["people"][0],
    World["people"][0],
  ];
  const p5 = await addPerson(deps, world.bollate, { givenName: "Sara", familyName: "Neri", intakeOn: "2026-10-21" });
  const p6 = await addPerson(deps, world.bollate, {
    givenName: "Paolo",
    familyName: "Verdi",
    intakeOn: "2026-02-01",
    dischargeOn: "2026-10-22",
  });
  const idle = await addStaff(deps, { id: 3003, firstName: "Bruno", lastName: "Bassi" }, [
    { role: "operator", siteId: bollate },
  ]);
  await backdateMemberships(deps);

  const art = await addActivity(deps, bollate, {
    name: "Arteterapia",
    weekdays: [2, 4],
    createdAt: "2026-09-01T08:00:00Z",
  });
  const garden = await addActivity(deps, bollate, {
    name: "Cura del verde",
    weekdays: [3],
    createdAt: "2026-09-01T08:00:00Z",
  });
  const course = await addActivity(deps, opera, {
    name: "Io al lavoro",
    kind: "certified_training",
    weekdays: [5],
    createdAt: "2026-09-01T08:00:00Z",
  });

  // 2026-W43
  await addSession(deps, {
    siteId: bollate,
    kind: "group_activity",
    activityId: art,
    occurredAt: "2026-10-20T10:00+02:00",
    durationMinutes: 90,
    authorId: omar,
    attendance: { [p1.id]: "present", [p2.id]: "present", [p3.id]: "absent" },
  });
  await addSession(deps, {
    siteId: bollate,
    kind: "group_activity",
    activityId: art,
    occurredAt: "2026-10-22T10:00+02:00",
    durationMinutes: 90,
    authorId: omar,
    attendance: { [p1.id]: "present", [p2.id]: "absent", [p3.id]: "excused" },
  });
  await addSession(deps, {
    siteId: bollate,
    kind: "individual_educational",
    occurredAt: "2026-10-25T23:30+01:00",
    recordedAt: "2026-10-25T23:50+01:00",
    durationMinutes: 45,
    authorId: omar,
    attendance: { [p2.id]: "present" },
  });
  await addSession(deps, {
    siteId: bollate,
    kind: "individual_psychological",
    occurredAt: "2026-10-26T00:30+01:00",
    recordedAt: "2026-10-26T00:40+01:00",
    durationMinutes: 30,
    authorId: omar,
    attendance: { [p1.id]: "present" },
  });
  await addSession(deps, {
    siteId: bollate,
    kind: "phone_contact",
    occurredAt: "2026-10-19T09:00+02:00",
    recordedAt: "2026-10-23T10:00+02:00",
    durationMinutes: 15,
    authorId: omar,
    attendance: { [p2.id]: "present" },
  });
  await addSession(deps, {
    siteId: opera,
    kind: "group_activity",
    activityId: course,
    occurredAt: "2026-10-23T09:00+02:00",
    durationMinutes: 180,
    authorId: world.staff.otherOperator.id,
    attendance: { [p4.id]: "present" },
  });
  // 2026-W42
  await addSession(deps, {
    siteId: bollate,
    kind: "group_activity",
    activityId: art,
    occurredAt: "2026-10-13T10:00+02:00",
    durationMinutes: 90,
    authorId: omar,
    attendance: { [p1.id]: "present", [p2.id]: "present", [p3.id]: "absent" },
  });
  await addSession(deps, {
    siteId: bollate,
    kind: "individual_social",
    occurredAt: "2026-10-14T11:00+02:00",
    durationMinutes: 60,
    authorId: omar,
    attendance: { [p1.id]: "present" },
  });

  const fight = await addEvent(deps, {
    siteId: bollate,
    kind: "aggression_peer",
    severity: 2,
    occurredAt: "2026-10-21T15:00+02:00",
    reporterId: omar,
    personIds: [p1.id],
    acknowledged: { staffId: world.staff.coordinator.id, at: "2026-10-21T15:45+02:00" },
  });
  const selfHarm = await addEvent(deps, {
    siteId: bollate,
    kind: "self_harm",
    severity: 3,
    occurredAt: "2026-10-24T20:00+02:00",
    reporterId: omar,
    personIds: [p1.id],
  });
  await addEvent(deps, {
    siteId: bollate,
    kind: "damage",
    severity: 1,
    occurredAt: "2026-10-08T12:00+02:00",
    reporterId: omar,
    personIds: [p2.id],
    closedAt: "2026-10-09T12:00+02:00",
  });
  await addEvent(deps, {
    siteId: bollate,
    kind: "protest",
    severity: 1,
    occurredAt: "2026-10-16T12:00+02:00",
    reporterId: omar,
    personIds: [],
    acknowledged: { staffId: world.staff.coordinator.id, at: "2026-10-16T12:30+02:00" },
    closedAt: "2026-10-17T12:00+02:00",
  });

  await addPlan(deps, p1.id, "active", "2026-10-20");
  await addPlan(deps, p2.id, "active", "2026-10-30");
  await addPlan(deps, p4.id, "active", null);
  await addInternship(deps, { personId: p2.id, hostOrganisation: "Cooperativa Verde", startsOn: "2026-10-20" });
  await addInternship(deps, {
    personId: p1.id,
    hostOrganisation: "Ristorante Sapori",
    startsOn: "2026-06-01",
    endsOn: "2026-10-23",
    outcome: "hired_by_host",
  });

  return {
    people: { p1, p2, p3, p4, p5, p6 },
    activities: { art, garden, course },
    events: { fight, selfHarm },
    idleOperator: { id: idle.id, displayName: idle.displayName },
  };
}

/**
 * Path events of 2026-W43 at Bollate on top of goldenWeek: a referral from prison (Tue 20) and one from UEPE the week
 * before (Mon 12), p1 hired by the host of the internship that ended on Friday 23 (Sat 24), a house at Bollate where p3
 * moves in (Wed 21) and p6 moves out on the day of discharge (Thu 22), p2 serving a home-detention measure from
 * Wednesday 21, and p2's plan replaced on the morning of Monday 26 by a version whose review is overdue (after the week:
 * the digest keeps the version then in force, review on 30 October).
 */
export async function pathWeek(deps: ServiceDeps, world: World, golden: GoldenWeek): Promise<void> {
  const bollate = world.bollate.id;
  const { p1, p2, p3, p6 } = golden.people;
  await deps.db.referral.createMany({
    data: [
      { siteId: bollate, receivedOn: "2026-10-20", source: "prison", institution: "CR Milano-Bollate" },
      { siteId: bollate, receivedOn: "2026-10-12", source: "uepe" },
    ],
  });
  const internship = await deps.db.internship.findFirstOrThrow({ where: { personId: p1.id } });
  await deps.db.hire.create({
    data: {
      personId: p1.id,
      employerId: internship.hostId,
      hiredOn: "2026-10-24",
      contract: "fixed_term",
      internshipId: internship.id,
    },
  });
  const house = await deps.db.house.create({
    data: { siteId: bollate, name: "Casa Bollate", beds: { create: [{ label: "A" }, { label: "B" }] } },
    include: { beds: true },
  });
  const [bedA, bedB] = house.beds.map((bed) => bed.id) as [number, number];
  await deps.db.housingStay.createMany({
    data: [
      { personId: p3.id, siteId: bollate, bedId: bedA, fromOn: "2026-10-21", toOn: null },
      { personId: p6.id, siteId: bollate, bedId: bedB, fromOn: "2026-09-01", toOn: "2026-10-22" },
    ],
  });
  await deps.db.legalStatusPeriod.create({
    data: { personId: p2.id, status: "home_detention", fromOn: "2026-10-21" },
  });
  const replacedAt = new Date("2026-10-26T07:30:00+01:00");
  await deps.db.plan.updateMany({ where: { personId: p2.id }, data: { status: "closed", closedAt: replacedAt } });
  await addPlan(deps, p2.id, "active", "2026-10-15", replacedAt.toISOString());
}

/**
 * The Bollate digest of 2026-W43, counted by hand from goldenWeek (previous week in brackets):
 * sessions 4 (2): group ×2, individual_educational, phone_contact — the Monday 00:30 session is W44's;
 * minutes 90+90+45+15 = 240 (90+60 = 150); people reached p1, p2 = 2 (p1, p2 = 2); intakes p5 (0); discharges p6 (0);
 * group held 2 (1) of 3 scheduled (3); not logged "Cura del verde" Wed 21 (2); attendance 3/6 = 50 % (2/3 = 67 %);
 * caseload p1 p2 p3 p5 = 4 (p1 p2 p3 p6 = 4); no contact 14 days p3 (p3 p6);
 * plans active p1 p2 = 2 (2); review due p2 (p1); overdue p1 (none); without plan p3 p5 (p3 p6);
 * events 2 (1): aggression_peer sev 2, self_harm sev 3; open both (0); unacknowledged self_harm (0); p1 twice in 30 days (0);
 * internships active 2 (1), started 1 (0), ended 1 (0); no hire (p1's internship ended "hired by host" but its hire is
 * not recorded: hires count Hire rows); no referral, move-in or move-out; idle operator Bruno (Bruno); late entries 1 (0).
 */
export const GOLDEN_BOLLATE = {
  sessions_total: [4, 2],
  activity_minutes: [240, 150],
  people_reached: [2, 2],
  referrals_received: [0, 0],
  intakes: [1, 0],
  discharges: [1, 0],
  group_sessions_held: [2, 1],
  group_sessions_scheduled: [3, 3],
  group_sessions_not_logged: [1, 2],
  attendance_rate: [0.5, 2 / 3],
  activities_below_half: [0, 0],
  active_caseload: [4, 4],
  no_contact_14_days: [1, 2],
  plans_active: [2, 2],
  plan_reviews_due_7_days: [1, 1],
  plan_reviews_overdue: [1, 0],
  people_without_active_plan: [2, 2],
  events_total: [2, 1],
  events_open: [2, 0],
  events_unacknowledged: [1, 0],
  people_with_repeated_events: [1, 0],
  internships_active: [2, 1],
  internships_started: [1, 0],
  internships_ended: [1, 0],
  hires_by_host: [0, 0],
  hires_elsewhere: [0, 0],
  move_ins: [0, 0],
  move_outs: [0, 0],
  staff_without_entries: [1, 1],
  late_entries: [1, 0],
} as const;

/**
 * goldenWeek plus what 2026Q4's sheet needs: p1 and p4 with a fragility, p4 born in 2004 (a young adult),
 * a referral of p5 by UEPE, and a housing site "Appartamento Ponte" with two stays: p5 from 20 December (still there:
 * 12 nights in the quarter) and p6 from 25 September to 5 October (4 nights in the quarter).
 * By hand, per site (housing, Bollate, Opera) and in total: see tests/services/reports/quarterly.test.ts.
 */
export async function quarterFixture(deps: ServiceDeps, world: World): Promise<GoldenWeek> {
  const golden = await goldenWeek(deps, world);
  const { p1, p4, p5, p6 } = golden.people;
  await deps.db.personFragility.createMany({ data: [p1, p4].map((p) => ({ personId: p.id, flag: "psychiatric" })) });
  await deps.db.person.update({ where: { id: p4.id }, data: { birthYear: 2004 } });
  await deps.db.referral.create({
    data: { siteId: world.bollate.id, personId: p5.id, receivedOn: "2026-10-12", source: "uepe", status: "accepted" },
  });
  const housing = await deps.db.site.create({
    data: { programmeId: world.programmeId, name: "Appartamento Ponte", kind: "housing", codePrefix: "APP" },
  });
  const house = await deps.db.house.create({
    data: { siteId: housing.id, name: "Appartamento Ponte", beds: { create: [{ label: "1" }, { label: "2" }] } },
    include: { beds: true },
  });
  const [bed1, bed2] = house.beds.map((bed) => bed.id) as [number, number];
  await deps.db.housingStay.createMany({
    data: [
      { personId: p5.id, siteId: housing.id, bedId: bed1, fromOn: "2026-12-20", toOn: null },
      { personId: p6.id, siteId: housing.id, bedId: bed2, fromOn: "2026-09-25", toOn: "2026-10-05" },
    ],
  });
  return golden;
}

/** The indicator tab of a workbook as { code: { scope: [target, actual, cumulative, % of target] } }; rows follow
 * TARGET_CODES (the 15 indicators in the funder's order, then people reached), scopes the merged names above them. */
export async function indicatorTable(
  workbook: Buffer,
  sheetName: string,
): Promise<Record<string, Record<string, unknown[]>>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(workbook as unknown as ArrayBuffer);
  const sheet = book.getWorksheet(sheetName);
  if (!sheet) throw new Error(`no sheet named ${sheetName}`);
  const scopes: { name: string; column: number }[] = [];
  for (let column = FIRST_VALUE_COLUMN; sheet.getCell(TABLE_HEADER_ROW - 1, column).value; column += 4) {
    scopes.push({ name: String(sheet.getCell(TABLE_HEADER_ROW - 1, column).value), column });
  }
  return Object.fromEntries(
    TARGET_CODES.map((code, index) => {
      const row = sheet.getRow(TABLE_HEADER_ROW + 1 + index);
      const values = (column: number) => [0, 1, 2, 3].map((offset) => row.getCell(column + offset).value);
      return [code, Object.fromEntries(scopes.map((scope) => [scope.name, values(scope.column)]))];
    }),
  );
}

/** Opening calendars, programme outputs and targets for 2026Q4's sheet, written through the services as an admin. */
export async function sheetSetup(deps: ServiceDeps, world: World): Promise<void> {
  const admin = world.staff.admin.actor;
  const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: "09:00", closesAt: "12:30" }));
  await setTimetable(deps, admin, { siteId: world.bollate.id, fromOn: "2026-01-01", hours: weekdays });
  await addClosure(deps, admin, {
    siteId: world.bollate.id,
    fromOn: "2026-12-08",
    toOn: "2026-12-08",
    reason: "Immacolata",
  });
  await addClosure(deps, admin, { siteId: world.bollate.id, fromOn: "2026-12-24", toOn: "2026-12-31" });
  await setTimetable(deps, admin, {
    siteId: world.opera.id,
    fromOn: "2026-10-15",
    hours: [
      { weekday: 5, opensAt: "09:00", closesAt: "12:00" },
      { weekday: 5, opensAt: "14:00", closesAt: "17:00" },
    ],
  });
  const programmeId = world.programmeId;
  const outputs = [
    {
      siteId: world.bollate.id,
      kind: "promotional_material",
      title: "Brochure del laboratorio",
      issuedOn: "2026-11-05",
    },
    { siteId: null, kind: "report_publication", title: "Report annuale", issuedOn: "2026-12-15" },
    { siteId: world.opera.id, kind: "information_service", title: "Sportello informativo", issuedOn: "2026-10-10" },
    { siteId: null, kind: "report_publication", title: "Report di avvio", issuedOn: "2026-03-01" },
  ] as const;
  for (const output of outputs) await recordOutput(deps, admin, { programmeId, ...output });
  const targets = [
    { siteId: null, code: "people_reached", target: 1500 },
    { siteId: null, code: "day_centre_opening_days", target: 400 },
    { siteId: world.bollate.id, code: "day_centre_opening_days", target: 220 },
    { siteId: null, code: "detained_interns", target: 10 },
  ];
  for (const target of targets) await setTarget(deps, admin, { programmeId, ...target });
}
