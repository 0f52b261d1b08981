// Deterministic synthetic data at region scale (or a documented smaller scale), written straight into the
// migrated schema with better-sqlite3 so that millions of rows take seconds. Names are invented and encrypted.
import Database from "better-sqlite3";
import { addDays } from "date-fns/addDays";
import { addMonths } from "date-fns/addMonths";
import { formatISO } from "date-fns/formatISO";
import { TZDate } from "@date-fns/tz";
import { organisationKey } from "../src/domain/internships.ts";
import type { Cipher } from "../src/services/crypto.ts";

export interface Scale {
  name: string;
  sites: number;
  staff: number;
  people: number;
  years: number;
  activitiesPerSite: number;
  rosterSize: number;
  /** Individual sessions per person per year. */
  individualPerPersonYear: number;
  eventsPerPersonYear: number;
}

/** About 600k sessions, 3M attendance rows and 20k critical events. */
export const REGION: Scale = {
  name: "region",
  sites: 40,
  staff: 300,
  people: 20_000,
  years: 3,
  activitiesPerSite: 22,
  rosterSize: 24,
  individualPerPersonYear: 12,
  eventsPerPersonYear: 0.75,
};

/** A tenth of the people and one year of history: the whole quick bench runs in well under 3 minutes. */
export const QUICK: Scale = {
  name: "quick",
  sites: 8,
  staff: 60,
  people: 2_000,
  years: 1,
  activitiesPerSite: 10,
  rosterSize: 24,
  individualPerPersonYear: 12,
  eventsPerPersonYear: 0.75,
};

export interface DatasetSummary {
  scale: string;
  sites: number;
  staff: number;
  people: number;
  activities: number;
  sessions: number;
  attendance: number;
  events: number;
  plans: number;
  referrals: number;
  internships: number;
  hires: number;
  beds: number;
  housingStays: number;
  releases: number;
  from: string;
  to: string;
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN = [
  "Aldo",
  "Bruna",
  "Cirillo",
  "Dalia",
  "Elvio",
  "Fosca",
  "Gildo",
  "Ilde",
  "Lando",
  "Mirta",
  "Nevio",
  "Orsola",
  "Primo",
  "Rina",
  "Sauro",
  "Tecla",
  "Ubaldo",
  "Vanda",
  "Zeno",
  "Adelmo",
];
const FAMILY = [
  "Arbace",
  "Bercelli",
  "Casoni",
  "Dorelli",
  "Ermini",
  "Fabbrone",
  "Garzetti",
  "Lanfredi",
  "Mornati",
  "Nevoli",
  "Orlandini",
  "Pagliuca",
  "Quadrelli",
  "Rabuffi",
  "Salvemini",
  "Tonsini",
  "Ulivieri",
  "Varrone",
  "Zanoletti",
  "Brambati",
];
const SESSION_KINDS = [
  "individual_educational",
  "individual_psychological",
  "individual_social",
  "phone_contact",
  "accompaniment",
  "internship_tutoring",
];
const EVENT_KINDS = [
  "aggression_peer",
  "self_harm",
  "psychiatric_crisis",
  "intoxication_overdose",
  "escape_or_failure_to_return",
  "measure_violation",
  "family_crisis",
  "other",
];
const LEGAL = [
  "detained",
  "detained",
  "detained_awaiting_trial",
  "work_outside_art21",
  "semi_liberty",
  "probation_social_services",
  "home_detention",
  "probation_map",
  "community_service",
  "juvenile",
];
/** A later change of legal position, by the status at intake (the usual next step). */
const NEXT_LEGAL: Record<string, string> = {
  detained: "work_outside_art21",
  detained_awaiting_trial: "detained",
  work_outside_art21: "probation_social_services",
  semi_liberty: "probation_social_services",
  probation_social_services: "released",
  home_detention: "probation_social_services",
  probation_map: "released",
  community_service: "released",
  juvenile: "released",
};
const SITE_KINDS = ["day_centre_inside", "day_centre_outside", "housing", "territorial_service"];

const iso = (date: Date) => date.toISOString().replace("Z", "+00:00");
const day = (date: Date) => formatISO(date, { representation: "date" });

export function generateDataset(file: string, scale: Scale, cipher: Cipher, today: string, seed = 42): DatasetSummary {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  const end = new TZDate(`${today}T00:00:00`, "Europe/Rome");
  const start = addDays(end, -Math.round(365 * scale.years));
  const created = iso(new Date(start));
  const summary: DatasetSummary = {
    scale: scale.name,
    sites: scale.sites,
    staff: scale.staff,
    people: scale.people,
    activities: 0,
    sessions: 0,
    attendance: 0,
    events: 0,
    plans: 0,
    referrals: 0,
    internships: 0,
    hires: 0,
    beds: 0,
    housingStays: 0,
    releases: 0,
    from: day(start),
    to: today,
  };

  sqlite.transaction(() => {
    sqlite
      .prepare(
        `INSERT INTO "Programme" (id, code, name, funder, startsOn, endsOn, indicatorSet, createdAt) VALUES (1, 'bench', 'Programma regionale', 'Regione Lombardia', ?, ?, 'spazio_zero', ?)`,
      )
      .run(day(start), day(addDays(end, 365)), created);
    const site = sqlite.prepare(
      `INSERT INTO "Site" (id, programmeId, name, kind, codePrefix, active, createdAt) VALUES (?, 1, ?, ?, ?, 1, ?)`,
    );
    for (let s = 1; s <= scale.sites; s++) {
      const prefix = `S${String.fromCharCode(65 + Math.floor((s - 1) / 26))}${String.fromCharCode(65 + ((s - 1) % 26))}`;
      site.run(s, `Sede ${s}`, SITE_KINDS[s % SITE_KINDS.length], prefix, created);
    }
    const staff = sqlite.prepare(
      `INSERT INTO "Staff" (id, telegramId, displayName, phone, locale, active, createdAt) VALUES (?, ?, ?, '+39 02 0000000', 'it', 1, ?)`,
    );
    const membership = sqlite.prepare(
      `INSERT INTO "Membership" (staffId, role, siteId, programmeId, createdAt) VALUES (?, ?, ?, ?, ?)`,
    );
    for (let id = 1; id <= scale.staff; id++) {
      staff.run(id, 500_000 + id, `Operatore ${id}`, created);
      if (id <= 2) membership.run(id, "admin", null, null, created);
      else {
        const siteId = ((id - 3) % scale.sites) + 1;
        const role = id - 3 < scale.sites ? "coordinator" : id - 3 < 2 * scale.sites ? "on_call" : "operator";
        membership.run(id, role, siteId, null, created);
      }
    }
  })();

  // Staff who log (coordinators and operators, not on-call staff), by site: authors, facilitators, reporters.
  const operatorsBySite = new Map<number, number[]>();
  for (let id = 3; id <= scale.staff; id++) {
    const isOnCall = id - 3 >= scale.sites && id - 3 < 2 * scale.sites;
    if (isOnCall) continue;
    const siteId = ((id - 3) % scale.sites) + 1;
    operatorsBySite.set(siteId, [...(operatorsBySite.get(siteId) ?? []), id]);
  }

  interface PersonRow {
    id: number;
    siteId: number;
    intake: Date;
    discharge: Date | null;
  }
  const people: PersonRow[] = [];
  const peopleBySite = new Map<number, PersonRow[]>();
  sqlite.transaction(() => {
    const person = sqlite.prepare(
      `INSERT INTO "Person" (id, code, givenNameEnc, familyNameEnc, birthYear, gender, intakeOn, caseManagerId, dischargeOn, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const personSite = sqlite.prepare(`INSERT INTO "PersonSite" (personId, siteId, fromOn) VALUES (?, ?, ?)`);
    const legalStatus = sqlite.prepare(
      `INSERT INTO "LegalStatusPeriod" (personId, status, fromOn, createdAt) VALUES (?, ?, ?, ?)`,
    );
    const fragility = sqlite.prepare(`INSERT INTO "PersonFragility" (personId, flag) VALUES (?, ?)`);
    const token = sqlite.prepare(`INSERT OR IGNORE INTO "PersonNameToken" (personId, token) VALUES (?, ?)`);
    const totalDays = Math.round(365 * scale.years);
    for (let id = 1; id <= scale.people; id++) {
      const siteId = ((id - 1) % scale.sites) + 1;
      const given = pick(GIVEN);
      const family = `${pick(FAMILY)}${id % 7 === 0 ? "i" : ""}`;
      const intake = addDays(start, Math.floor(random() * totalDays * 0.9));
      const discharge = random() < 0.35 ? addDays(intake, 60 + Math.floor(random() * 400)) : null;
      const dischargeClamped = discharge && discharge < end ? discharge : null;
      const codePrefix = (
        sqlite.prepare(`SELECT codePrefix FROM "Site" WHERE id = ?`).get(siteId) as { codePrefix: string }
      ).codePrefix;
      const operators = operatorsBySite.get(siteId) ?? [3];
      person.run(
        id,
        `${codePrefix}-${String(id).padStart(5, "0")}`,
        cipher.encrypt(given, "Person.givenNameEnc", id),
        cipher.encrypt(family, "Person.familyNameEnc", id),
        1960 + Math.floor(random() * 45),
        random() < 0.85 ? "male" : "female",
        day(intake),
        pick(operators),
        dischargeClamped ? day(dischargeClamped) : null,
        created,
      );
      personSite.run(id, siteId, day(intake));
      // The status at intake, and for a quarter of the people a later change (art. 21, affidamento, fine pena…).
      const status = pick(LEGAL);
      legalStatus.run(id, status, day(intake), created);
      const changedOn = addDays(intake, 30 + Math.floor(random() * 400));
      if (random() < 0.25 && changedOn < end) legalStatus.run(id, NEXT_LEGAL[status], day(changedOn), created);
      if (random() < 0.3) fragility.run(id, pick(["psychiatric", "addiction", "homeless", "no_documents"]));
      for (const t of cipher.nameTokens(given, family)) token.run(id, t);
      const row = { id, siteId, intake, discharge: dischargeClamped };
      people.push(row);
      peopleBySite.set(siteId, [...(peopleBySite.get(siteId) ?? []), row]);
    }
  })();

  const session = sqlite.prepare(
    `INSERT INTO "Session" (id, siteId, kind, activityId, occurredAt, occurredOn, recordedAt, durationMinutes, noteEnc, authorId, groupKey, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const operatorLink = sqlite.prepare(`INSERT INTO "SessionOperator" (sessionId, staffId) VALUES (?, ?)`);
  const attendance = sqlite.prepare(`INSERT INTO "Attendance" (sessionId, personId, status) VALUES (?, ?, ?)`);
  let sessionId = 0;
  const inCharge = (p: PersonRow, date: Date) => p.intake <= date && (p.discharge === null || p.discharge > date);

  // Group activities: weekly schedules, a roster per activity, and one session per occurrence.
  sqlite.transaction(() => {
    const activity = sqlite.prepare(
      `INSERT INTO "Activity" (id, siteId, name, kind, active, createdAt) VALUES (?, ?, ?, ?, 1, ?)`,
    );
    const schedule = sqlite.prepare(
      `INSERT INTO "ActivitySchedule" (activityId, weekday, startTime, durationMinutes) VALUES (?, ?, ?, ?)`,
    );
    const facilitator = sqlite.prepare(`INSERT INTO "ActivityFacilitator" (activityId, staffId) VALUES (?, ?)`);
    const enrol = sqlite.prepare(`INSERT INTO "RosterEnrollment" (activityId, personId, enrolledOn) VALUES (?, ?, ?)`);
    let activityId = 0;
    for (let siteId = 1; siteId <= scale.sites; siteId++) {
      const sitePeople = peopleBySite.get(siteId) ?? [];
      const operators = operatorsBySite.get(siteId) ?? [3];
      for (let a = 0; a < scale.activitiesPerSite; a++) {
        activityId++;
        const weekdays = [1 + (a % 5), 1 + ((a + 2) % 5)];
        activity.run(
          activityId,
          siteId,
          `Laboratorio ${activityId}`,
          pick(["workshop", "certified_training", "talk_group", "sport"]),
          created,
        );
        for (const weekday of weekdays) schedule.run(activityId, weekday, `${9 + (a % 6)}:00`.padStart(5, "0"), 120);
        const facilitatorId = pick(operators);
        facilitator.run(activityId, facilitatorId);
        const roster = Array.from({ length: scale.rosterSize }, () => pick(sitePeople)).filter(
          (p, index, all) => all.findIndex((q) => q.id === p.id) === index,
        );
        for (const p of roster) enrol.run(activityId, p.id, day(p.intake));
        for (let date = start; date < end; date = addDays(date, 1)) {
          const weekday = ((date.getDay() + 6) % 7) + 1;
          if (!weekdays.includes(weekday)) continue;
          const present = roster.filter((p) => inCharge(p, date));
          if (present.length === 0) continue;
          sessionId++;
          const occurredAt = new Date(date.getTime() + (9 + (a % 6)) * 3600_000);
          const recordedAt = new Date(occurredAt.getTime() + (random() < 0.05 ? 4 * 86_400_000 : 3 * 3600_000));
          session.run(
            sessionId,
            siteId,
            "group_activity",
            activityId,
            iso(occurredAt),
            day(date),
            iso(recordedAt),
            120,
            null,
            facilitatorId,
            `${activityId}:${day(date)}`,
            iso(recordedAt),
          );
          operatorLink.run(sessionId, facilitatorId);
          for (const p of present) {
            const roll = random();
            attendance.run(sessionId, p.id, roll < 0.78 ? "present" : roll < 0.92 ? "absent" : "excused");
            summary.attendance++;
          }
        }
      }
    }
    summary.activities = activityId;
  })();

  // Individual sessions and critical events, spread over each person's time in charge.
  sqlite.transaction(() => {
    const event = sqlite.prepare(
      `INSERT INTO "CriticalEvent" (id, siteId, kind, severity, occurredAt, occurredOn, recordedAt, descriptionEnc, notifiedCodes, status, reporterId) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)`,
    );
    const eventPerson = sqlite.prepare(`INSERT INTO "CriticalEventPerson" (eventId, personId) VALUES (?, ?)`);
    let eventId = 0;
    const note = "Colloquio di monitoraggio, nessuna criticità.";
    for (const p of people) {
      const until = p.discharge ?? end;
      const spanDays = Math.max(1, Math.round((until.getTime() - p.intake.getTime()) / 86_400_000));
      const operators = operatorsBySite.get(p.siteId) ?? [3];
      const count = Math.round((spanDays / 365) * scale.individualPerPersonYear);
      for (let i = 0; i < count; i++) {
        sessionId++;
        const date = addDays(p.intake, Math.floor(random() * spanDays));
        const occurredAt = new Date(date.getTime() + (9 + Math.floor(random() * 8)) * 3600_000);
        const recordedAt = new Date(occurredAt.getTime() + 2 * 3600_000);
        const author = pick(operators);
        session.run(
          sessionId,
          p.siteId,
          pick(SESSION_KINDS),
          null,
          iso(occurredAt),
          day(date),
          iso(recordedAt),
          pick([30, 45, 60, 90]),
          random() < 0.1 ? cipher.encrypt(note, "Session.noteEnc", sessionId) : null,
          author,
          null,
          iso(recordedAt),
        );
        operatorLink.run(sessionId, author);
        attendance.run(sessionId, p.id, "present");
        summary.attendance++;
      }
      const events = Math.floor((spanDays / 365) * scale.eventsPerPersonYear + random());
      for (let e = 0; e < events; e++) {
        eventId++;
        const date = addDays(p.intake, Math.floor(random() * spanDays));
        const at = new Date(date.getTime() + 15 * 3600_000);
        event.run(
          eventId,
          p.siteId,
          pick(EVENT_KINDS),
          1 + Math.floor(random() * 4),
          iso(at),
          day(date),
          iso(at),
          cipher.encrypt(note, "CriticalEvent.descriptionEnc", eventId),
          date < addDays(end, -14) ? "closed" : "open",
          pick(operators),
        );
        eventPerson.run(eventId, p.id);
      }
    }
    summary.events = eventId;
  })();
  summary.sessions = sessionId;

  // An active plan for every person in charge today.
  sqlite.transaction(() => {
    const plan = sqlite.prepare(
      `INSERT INTO "Plan" (id, personId, version, status, generalObjectiveEnc, crisisNotesEnc, reviewOn, authorId, createdAt) VALUES (?, ?, 1, 'active', ?, ?, ?, ?, ?)`,
    );
    const goal = sqlite.prepare(
      `INSERT INTO "PlanGoal" (id, planId, area, textEnc, status) VALUES (?, ?, ?, ?, 'open')`,
    );
    const contact = sqlite.prepare(
      `INSERT INTO "PlanNetworkContact" (id, planId, service, referentEnc, phoneEnc) VALUES (?, ?, ?, ?, ?)`,
    );
    const crisis = JSON.stringify({
      riskSigns: "Chiusura, insonnia, rifiuto del cibo.",
      whatToDo: "Colloquio di contenimento; se peggiora contattare il CPS.",
      whomToCall: "Case manager; CPS di zona; 112 se pericolo immediato.",
    });
    let planId = 0;
    let goalId = 0;
    let contactId = 0;
    for (const p of people) {
      if (!inCharge(p, addDays(end, -1))) continue;
      planId++;
      plan.run(
        planId,
        p.id,
        cipher.encrypt(
          "Consolidare il percorso di inclusione lavorativa e abitativa.",
          "Plan.generalObjectiveEnc",
          planId,
        ),
        cipher.encrypt(crisis, "Plan.crisisNotesEnc", planId),
        day(addDays(end, Math.floor(random() * 120) - 20)),
        (operatorsBySite.get(p.siteId) ?? [3])[0],
        created,
      );
      for (const area of ["housing", "work", "health"]) {
        goalId++;
        const text = cipher.encrypt("Obiettivo specifico del progetto individualizzato.", "PlanGoal.textEnc", goalId);
        goal.run(goalId, planId, area, text);
      }
      for (const service of ["UEPE", "SerD"]) {
        contactId++;
        const referent = cipher.encrypt("Referente del servizio", "PlanNetworkContact.referentEnc", contactId);
        const phone = cipher.encrypt("+39 02 1234567", "PlanNetworkContact.phoneEnc", contactId);
        contact.run(contactId, planId, service, referent, phone);
      }
    }
    summary.plans = planId;
  })();
  // Another generator, so the path data leave the sessions, events and plans above exactly as they were.
  generatePath(sqlite, cipher, scale, { start, end, created }, people, seed + 1, summary);
  generateSheetSetup(sqlite, scale, { start, end, created });
  generateReleases(
    sqlite,
    cipher,
    people.filter((p) => inCharge(p, addDays(end, -1))),
    { end, created },
    seed + 2,
    summary,
  );
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  return summary;
}

const RELEASE_SHARE = 0.04;

/**
 * Protected discharges: about 4 % of the people in charge released between 60 days ago and 30 days ahead (the digest's
 * windows), each with a CPS and a SerD whose contact is sealed, most with a first appointment and a consent.
 */
function generateReleases(
  sqlite: Database.Database,
  cipher: Cipher,
  people: readonly { id: number; siteId: number }[],
  dates: { end: Date; created: string },
  seed: number,
  summary: DatasetSummary,
): void {
  const random = seededRandom(seed);
  sqlite.transaction(() => {
    const release = sqlite.prepare(
      `INSERT INTO "ReleasePlan" (id, personId, siteId, releaseOn, trigger, status, openedOn, createdAt) VALUES (?, ?, ?, ?, 'legal_status', 'open', ?, ?)`,
    );
    const service = sqlite.prepare(
      `INSERT INTO "ReleaseService" (id, releasePlanId, kind, contactEnc, firstAppointmentOn, consentOn, consentScope, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let releaseId = 0;
    let serviceId = 0;
    for (const person of people) {
      if (random() >= RELEASE_SHARE) continue;
      releaseId++;
      const releaseOn = addDays(dates.end, Math.floor(random() * 90) - 60);
      release.run(releaseId, person.id, person.siteId, day(releaseOn), day(addDays(releaseOn, -35)), dates.created);
      for (const kind of ["cps", "serd"]) {
        serviceId++;
        const ready = random() < 0.7;
        service.run(
          serviceId,
          releaseId,
          kind,
          cipher.encrypt("Referente del servizio", "ReleaseService.contactEnc", serviceId),
          ready ? day(addDays(releaseOn, 2)) : null,
          ready ? day(addDays(releaseOn, -20)) : null,
          ready ? "plan" : null,
          dates.created,
        );
      }
    }
    summary.releases = releaseId;
  })();
}

const REFERRALS_PER_YEAR_AT_REGION_SCALE = 2_500;
const INTERN_SHARE = 0.15;
const SITES_PER_HOUSE = 5;
const BEDS_PER_HOUSE = 7;
const REFERRAL_SOURCES = [
  "prison",
  "prison",
  "uepe",
  "ussm",
  "serd",
  "cps",
  "municipal_social_services",
  "third_sector",
];
const DECLINE_REASONS = ["not_eligible", "declined_by_person", "transferred", "end_of_sentence", "unreachable"];
const HOSTS = ["Cooperativa", "Consorzio", "Comune di", "Trattoria", "Officina", "Vivaio", "Lavanderia", "Logistica"];
const HOST_KINDS: Record<string, string> = {
  "Comune di": "public",
  Cooperativa: "third_sector",
  Consorzio: "third_sector",
};
const OUTCOMES = ["completed", "completed", "interrupted", "hired_by_host", "hired_by_host", "hired_elsewhere"];
const CONTRACTS = ["fixed_term", "fixed_term", "permanent", "apprenticeship", "agency"];

/**
 * The path of people through the programme at realistic volumes: about 2,500 referrals a year at region scale
 * (proportionally fewer at smaller scales), internships for about 15 % of people (a third ending in a hire), a
 * house of seven beds for every five sites with stays one after another.
 */
function generatePath(
  sqlite: Database.Database,
  cipher: Cipher,
  scale: Scale,
  range: { start: Date; end: Date; created: string },
  people: readonly { id: number; siteId: number; intake: Date; discharge: Date | null }[],
  seed: number,
  summary: DatasetSummary,
): void {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const { start, end, created } = range;
  const daysIn = (from: Date, days: number) => addDays(from, Math.floor(random() * days));
  sqlite.transaction(() => {
    // Referrals: most became an intake (received 3–30 days before it); the rest wait or were declined.
    const referral = sqlite.prepare(
      `INSERT INTO "Referral" (id, siteId, receivedOn, source, institution, personId, givenNameEnc, familyNameEnc, status, decidedOn, declineReason, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const total = Math.round(REFERRALS_PER_YEAR_AT_REGION_SCALE * scale.years * (scale.people / REGION.people));
    const totalDays = Math.round((end.getTime() - start.getTime()) / 86_400_000);
    for (let id = 1; id <= total; id++) {
      const source = pick(REFERRAL_SOURCES);
      const institution = source === "prison" ? "CC Milano San Vittore" : null;
      if (random() < 0.6) {
        const person = pick(people);
        const receivedOn = addDays(person.intake, -(3 + Math.floor(random() * 28)));
        referral.run(
          id,
          person.siteId,
          day(receivedOn),
          source,
          institution,
          person.id,
          null,
          null,
          "accepted",
          day(person.intake),
          null,
          created,
        );
      } else {
        const receivedOn = daysIn(start, totalDays);
        const decided = addDays(receivedOn, 7 + Math.floor(random() * 30));
        const pending = decided >= end;
        referral.run(
          id,
          1 + Math.floor(random() * scale.sites),
          day(receivedOn),
          source,
          institution,
          null,
          cipher.encrypt("Segnalata", "Referral.givenNameEnc", id),
          cipher.encrypt("Persona", "Referral.familyNameEnc", id),
          pending ? "pending" : "declined",
          pending ? null : day(decided),
          pending ? null : pick(DECLINE_REASONS),
          created,
        );
      }
      summary.referrals++;
    }

    // Internships for about 15 % of people, at a few hundred host organisations; ended ones have an outcome.
    const organisation = sqlite.prepare(
      `INSERT INTO "Organisation" (id, name, nameKey, kind, createdAt) VALUES (?, ?, ?, ?, ?)`,
    );
    const organisations = Math.max(20, Math.round(scale.people / 60));
    for (let id = 1; id <= organisations; id++) {
      const prefix = HOSTS[id % HOSTS.length] as string;
      const name = `${prefix} ${id}`;
      organisation.run(id, name, organisationKey(name), HOST_KINDS[prefix] ?? "profit", created);
    }
    const internship = sqlite.prepare(
      `INSERT INTO "Internship" (id, personId, hostId, startsOn, plannedEndOn, endsOn, hoursPerWeek, monthlyAllowanceCents, allowancePayer, status, outcome, interruptionReason, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const extension = sqlite.prepare(
      `INSERT INTO "InternshipExtension" (internshipId, previousEndOn, newEndOn, decidedOn, createdAt) VALUES (?, ?, ?, ?, ?)`,
    );
    const allowance = sqlite.prepare(
      `INSERT INTO "AllowancePayment" (internshipId, month, amountCents, createdAt) VALUES (?, ?, ?, ?)`,
    );
    const hire = sqlite.prepare(
      `INSERT INTO "Hire" (personId, employerId, hiredOn, contract, internshipId, createdAt) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    let internshipId = 0;
    for (const person of people) {
      if (random() >= INTERN_SHARE) continue;
      const startsOn = addDays(person.intake, 30 + Math.floor(random() * 150));
      const until = person.discharge ?? end;
      if (startsOn >= until) continue;
      internshipId++;
      const hostId = 1 + Math.floor(random() * organisations);
      const extended = random() < 0.2;
      const firstEnd = addDays(startsOn, 180);
      const plannedEnd = extended ? addDays(firstEnd, 90) : firstEnd;
      const ended = plannedEnd < until;
      const outcome = ended ? pick(OUTCOMES) : null;
      const endsOn = ended ? (outcome === "interrupted" ? daysIn(startsOn, 120) : plannedEnd) : null;
      const cents = pick([40_000, 45_000, 50_000]);
      internship.run(
        internshipId,
        person.id,
        hostId,
        day(startsOn),
        day(plannedEnd),
        endsOn ? day(endsOn) : null,
        pick([20, 25, 30]),
        cents,
        pick(["programme", "regional_measure", "host"]),
        ended ? "ended" : "active",
        outcome,
        outcome === "interrupted" ? pick(["person_withdrew", "host_ended", "health"]) : null,
        created,
      );
      if (extended) extension.run(internshipId, day(firstEnd), day(plannedEnd), day(addDays(firstEnd, -10)), created);
      for (let month = startsOn; month < (endsOn ?? end); month = addMonths(month, 1)) {
        allowance.run(internshipId, day(month).slice(0, 7), cents, created);
      }
      if (endsOn && (outcome === "hired_by_host" || outcome === "hired_elsewhere")) {
        const employer = outcome === "hired_by_host" ? hostId : 1 + Math.floor(random() * organisations);
        hire.run(person.id, employer, day(addDays(endsOn, 1)), pick(CONTRACTS), internshipId, created);
        summary.hires++;
      }
    }
    summary.internships = internshipId;

    // One house of seven beds for every five sites; each bed hosts one stay after another (60–300 nights).
    const house = sqlite.prepare(`INSERT INTO "House" (id, siteId, name, active, createdAt) VALUES (?, ?, ?, 1, ?)`);
    const bed = sqlite.prepare(`INSERT INTO "Bed" (id, houseId, label, active) VALUES (?, ?, ?, 1)`);
    const stay = sqlite.prepare(
      `INSERT INTO "HousingStay" (personId, siteId, bedId, fromOn, toOn, plannedEndOn, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    let bedId = 0;
    const housed = new Set<number>();
    for (let siteId = SITES_PER_HOUSE; siteId <= scale.sites; siteId += SITES_PER_HOUSE) {
      const houseId = siteId / SITES_PER_HOUSE;
      house.run(houseId, siteId, `Casa ${houseId}`, created);
      const guests = people.filter((p) => p.siteId === siteId);
      for (let b = 1; b <= BEDS_PER_HOUSE; b++) {
        bedId++;
        bed.run(bedId, houseId, `Letto ${b}`);
        let free = start;
        for (const guest of guests) {
          if (housed.has(guest.id)) continue;
          const fromOn = guest.intake > free ? guest.intake : free;
          const until = guest.discharge ?? end;
          if (fromOn >= until || fromOn >= end) continue;
          const planned = addDays(fromOn, 60 + Math.floor(random() * 240));
          const toOn = planned < until ? planned : guest.discharge;
          stay.run(guest.id, siteId, bedId, day(fromOn), toOn ? day(toOn) : null, day(planned), created);
          housed.add(guest.id);
          summary.housingStays++;
          if (!toOn) break;
          free = addDays(toOn, Math.floor(random() * 20));
        }
      }
    }
    summary.beds = bedId;
  })();
}

/**
 * What the funder's sheet reads beside the path: every day centre open Monday to Friday 9–13 and 14–17 (Wednesday
 * mornings only from the second year), closed at Christmas and for two weeks in August; a report, a brochure and an
 * information service per site and year; the programme's targets.
 */
function generateSheetSetup(
  sqlite: Database.Database,
  scale: Scale,
  range: { start: Date; end: Date; created: string },
) {
  const { start, end, created } = range;
  const hours = sqlite.prepare(
    `INSERT INTO "OpeningHours" (siteId, fromOn, weekday, opensAt, closesAt) VALUES (?, ?, ?, ?, ?)`,
  );
  const closure = sqlite.prepare(
    `INSERT INTO "SiteClosure" (siteId, fromOn, toOn, reason, createdAt) VALUES (?, ?, ?, ?, ?)`,
  );
  const output = sqlite.prepare(
    `INSERT INTO "ProgrammeOutput" (programmeId, siteId, kind, title, issuedOn, createdAt) VALUES (1, ?, ?, ?, ?, ?)`,
  );
  const target = sqlite.prepare(
    `INSERT INTO "IndicatorTarget" (programmeId, siteId, scopeKey, code, target, updatedAt) VALUES (1, ?, ?, ?, ?, ?)`,
  );
  const secondYear = day(addDays(start, 365));
  sqlite.transaction(() => {
    for (let siteId = 1; siteId <= scale.sites; siteId++) {
      const kind = SITE_KINDS[siteId % SITE_KINDS.length] as string;
      for (let year = start.getFullYear(); year <= end.getFullYear(); year++) {
        output.run(siteId, "report_publication", "Report", `${year}-06-30`, created);
        output.run(siteId, "promotional_material", "Brochure", `${year}-03-15`, created);
        output.run(siteId, "information_service", "Sportello", `${year}-10-01`, created);
      }
      if (!kind.startsWith("day_centre")) continue;
      for (const [fromOn, wednesday] of [
        [day(start), "full"],
        [secondYear, "morning"],
      ] as const) {
        for (let weekday = 1; weekday <= 5; weekday++) {
          hours.run(siteId, fromOn, weekday, "09:00", "13:00");
          if (weekday !== 3 || wednesday === "full") hours.run(siteId, fromOn, weekday, "14:00", "17:00");
        }
      }
      for (let year = start.getFullYear(); year <= end.getFullYear(); year++) {
        closure.run(siteId, `${year}-12-24`, `${year + 1}-01-06`, "Natale", created);
        closure.run(siteId, `${year}-08-08`, `${year}-08-22`, "Ferie", created);
      }
      target.run(siteId, String(siteId), "day_centre_opening_days", 600, created);
    }
    target.run(null, "programme", "people_reached", scale.people, created);
    target.run(null, "programme", "day_centre_opening_days", 12_000, created);
    target.run(null, "programme", "detained_interns", 1_500, created);
  })();
}
