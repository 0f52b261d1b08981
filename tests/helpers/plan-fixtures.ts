// Plans, on-call shifts, contacts and critical events for the plan tests, written straight to the database.
import { type PlanContent, writePlanVersion } from "../../src/services/plans.ts";
import { reserveIds } from "../../src/services/row-ids.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { localDate } from "../../src/domain/weeks.ts";

export interface PlanSeed {
  objective?: string;
  crisis?: { riskSigns: string; whatToDo: string; whomToCall: string };
  goals?: { area: string; text: string; status?: string; targetOn?: string | null }[];
  network?: { service: string; referent?: string | null; phone?: string | null }[];
  interventions?: { area: string; what: string; who?: string | null; frequency?: string | null }[];
  reviewOn?: string | null;
  approvedById?: number | null;
}

export async function seedPlan(deps: ServiceDeps, personId: number, seed: PlanSeed, authorId: number | null = null) {
  const content: PlanContent = {
    generalObjective: seed.objective ?? null,
    crisisNotes: seed.crisis ?? null,
    reviewOn: seed.reviewOn ?? null,
    signedByPersonOn: null,
    approvedById: seed.approvedById ?? null,
    approvedAt: seed.approvedById ? deps.clock() : null,
    goals: (seed.goals ?? []).map((goal) => ({
      area: goal.area,
      text: goal.text,
      status: goal.status ?? "open",
      targetOn: goal.targetOn ?? null,
    })),
    interventions: (seed.interventions ?? []).map((item) => ({
      area: item.area,
      what: item.what,
      who: item.who ?? null,
      frequency: item.frequency ?? null,
    })),
    network: (seed.network ?? []).map((contact) => ({
      service: contact.service,
      referent: contact.referent ?? null,
      phone: contact.phone ?? null,
    })),
  };
  return deps.db.$transaction((tx) =>
    writePlanVersion(tx, deps.cipher, personId, content, { authorId, now: deps.clock() }),
  );
}

/** The biggest plan of the fixtures: every list long and every text at its maximum length. */
export function hugePlanSeed(): PlanSeed {
  const text = (label: string, length: number) =>
    `${label} ${"lorem ipsum dolor sit amet ".repeat(40)}`.slice(0, length);
  return {
    objective: text("Obiettivo", 2000),
    crisis: {
      riskSigns: text("Segnali", 1000),
      whatToDo: text("Cosa fare", 1000),
      whomToCall: text("Chiamare", 1000),
    },
    goals: Array.from({ length: 60 }, (_, i) => ({
      area: "health",
      text: text(`Obiettivo ${i}`, 500),
      targetOn: "2027-06-30",
    })),
    network: Array.from({ length: 40 }, (_, i) => ({
      service: text(`Servizio ${i}`, 120),
      referent: text("Referente", 120),
      phone: "+39 02 1234 5678",
    })),
    interventions: Array.from({ length: 30 }, (_, i) => ({
      area: "work",
      what: text(`Intervento ${i}`, 500),
      who: "Educatore",
      frequency: "settimanale",
    })),
    reviewOn: "2027-01-15",
  };
}

export async function addShift(deps: ServiceDeps, staffId: number, siteIds: number[], startsAt: Date, endsAt: Date) {
  return deps.db.onCallShift.create({
    data: { staffId, startsAt, endsAt, sites: { create: siteIds.map((siteId) => ({ siteId })) } },
  });
}

/** A session attended by the person (a "contact" on the card). */
export async function addContact(
  deps: ServiceDeps,
  personId: number,
  siteId: number,
  authorId: number,
  occurredAt: Date,
  kind = "individual_educational",
) {
  return deps.db.session.create({
    data: {
      siteId,
      kind,
      occurredAt,
      occurredOn: localDate(occurredAt, deps.timeZone),
      durationMinutes: 45,
      authorId,
      attendance: { create: [{ personId, status: "present" }] },
    },
  });
}

export async function addEvent(
  deps: ServiceDeps,
  personId: number,
  siteId: number,
  reporterId: number,
  occurredAt: Date,
  kind = "self_harm",
) {
  const id = await reserveIds(deps.db, "CriticalEvent");
  return deps.db.criticalEvent.create({
    data: {
      id,
      siteId,
      kind,
      severity: 3,
      occurredAt,
      occurredOn: localDate(occurredAt, deps.timeZone),
      descriptionEnc: deps.cipher.encrypt("descrizione", "CriticalEvent.descriptionEnc", id),
      reporterId,
      people: { create: [{ personId }] },
    },
  });
}
