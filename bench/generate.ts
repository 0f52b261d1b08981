// Deterministic synthetic data at region scale (or a documented smaller scale), written straight into the
// migrated schema with better-sqlite3 so that millions of rows take seconds. Names are invented and encrypted.
import Database from "better-sqlite3";
import { addDays, formatISO } from "date-fns";
import { TZDate } from "@date-fns/tz";
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
const LEGAL = ["detained", "external_execution", "probation_map", "house_arrest", "released", "young_adult"];
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
      `INSERT INTO "Person" (id, code, givenNameEnc, familyNameEnc, birthYear, gender, legalStatus, intakeOn, caseManagerId, dischargeOn, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const personSite = sqlite.prepare(`INSERT INTO "PersonSite" (personId, siteId) VALUES (?, ?)`);
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
        cipher.encrypt(given),
        cipher.encrypt(family),
        1960 + Math.floor(random() * 45),
        random() < 0.85 ? "male" : "female",
        pick(LEGAL),
        day(intake),
        pick(operators),
        dischargeClamped ? day(dischargeClamped) : null,
        created,
      );
      personSite.run(id, siteId);
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
    const sealedNote = cipher.encrypt("Colloquio di monitoraggio, nessuna criticità.");
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
          random() < 0.1 ? sealedNote : null,
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
          sealedNote,
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
    const goal = sqlite.prepare(`INSERT INTO "PlanGoal" (planId, area, textEnc, status) VALUES (?, ?, ?, 'open')`);
    const contact = sqlite.prepare(
      `INSERT INTO "PlanNetworkContact" (planId, service, referentEnc, phoneEnc) VALUES (?, ?, ?, ?)`,
    );
    const objective = cipher.encrypt("Consolidare il percorso di inclusione lavorativa e abitativa.");
    const crisis = cipher.encrypt(
      JSON.stringify({
        riskSigns: "Chiusura, insonnia, rifiuto del cibo.",
        whatToDo: "Colloquio di contenimento; se peggiora contattare il CPS.",
        whomToCall: "Case manager; CPS di zona; 112 se pericolo immediato.",
      }),
    );
    const goalText = cipher.encrypt("Obiettivo specifico del progetto individualizzato.");
    const referent = cipher.encrypt("Referente del servizio");
    const phone = cipher.encrypt("+39 02 1234567");
    let planId = 0;
    for (const p of people) {
      if (!inCharge(p, addDays(end, -1))) continue;
      planId++;
      plan.run(
        planId,
        p.id,
        objective,
        crisis,
        day(addDays(end, Math.floor(random() * 120) - 20)),
        (operatorsBySite.get(p.siteId) ?? [3])[0],
        created,
      );
      for (const area of ["housing", "work", "health"]) goal.run(planId, area, goalText);
      for (const service of ["UEPE", "SerD"]) contact.run(planId, service, referent, phone);
    }
    summary.plans = planId;
  })();
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  return summary;
}
