// Activities with weekly schedules, facilitators and rosters, on top of seedWorld (tests of attendance, sessions, reminders).
import type { WeeklySlot } from "../../src/domain/schedule.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { insertPerson, personInput } from "../../src/services/people.ts";
import type { World } from "./fixtures.ts";

const GIVEN_NAMES = [
  "Paolo",
  "Sara",
  "Marco",
  "Elena",
  "Davide",
  "Chiara",
  "Youssef",
  "Ivan",
  "Nicola",
  "Fabio",
  "Omar",
  "Gino",
];
const FAMILY_NAMES = [
  "Conti",
  "Greco",
  "Ferri",
  "Galli",
  "Marini",
  "Villa",
  "Amrani",
  "Petrov",
  "Longo",
  "Testa",
  "Sala",
  "Riva",
];

export interface SeededPerson {
  id: number;
  code: string;
  label: string;
}

/** People at Bollate, taken on at `intakeOn`; labels are what the bot shows ("BOL-0005 · Paolo C."). */
export async function addBollatePeople(
  deps: ServiceDeps,
  world: World,
  count: number,
  intakeOn = "2026-02-01",
): Promise<SeededPerson[]> {
  const people: SeededPerson[] = [];
  const offset = await deps.db.person.count();
  for (let index = 0; index < count; index++) {
    const givenName = GIVEN_NAMES[(offset + index) % GIVEN_NAMES.length] as string;
    const familyName = FAMILY_NAMES[(offset + index) % FAMILY_NAMES.length] as string;
    const data = personInput.parse({
      siteId: world.bollate.id,
      givenName,
      familyName,
      legalStatus: "detained",
      intakeOn,
    });
    const created = await deps.db.$transaction((tx) => insertPerson(tx, deps, world.bollate, data));
    people.push({
      id: created.id,
      code: created.code,
      label: `${created.code} · ${givenName} ${familyName.charAt(0)}.`,
    });
  }
  return people;
}

export interface SeededActivity {
  id: number;
  name: string;
  roster: SeededPerson[];
}

export async function addActivity(
  deps: ServiceDeps,
  world: World,
  options: {
    name: string;
    schedules?: WeeklySlot[];
    facilitatorIds?: number[];
    roster: SeededPerson[];
    enrolledOn?: string;
    createdAt?: Date;
  },
): Promise<SeededActivity> {
  const activity = await deps.db.activity.create({
    data: {
      siteId: world.bollate.id,
      name: options.name,
      kind: "workshop",
      createdAt: options.createdAt ?? new Date("2026-01-01T00:00:00Z"),
      schedules: { create: options.schedules ?? [] },
      facilitators: { create: (options.facilitatorIds ?? []).map((staffId) => ({ staffId })) },
      roster: {
        create: options.roster.map((p) => ({ personId: p.id, enrolledOn: options.enrolledOn ?? "2026-02-01" })),
      },
    },
  });
  return { id: activity.id, name: activity.name, roster: options.roster };
}
