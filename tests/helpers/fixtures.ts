// A small, named world for tests: one programme, two sites, staff in each role, a few people.
import type { Role } from "../../src/domain/roles.ts";
import { createTestClock, createTestDatabase, createTestDeps } from "./database.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { insertPerson, personInput } from "../../src/services/people.ts";
import { findStaffById, type StaffMember } from "../../src/services/staff.ts";

export const USERS = {
  admin: { id: 1001, firstName: "Anna", lastName: "Admin" },
  coordinator: { id: 2001, firstName: "Carla", lastName: "Coordinatrice" },
  operator: { id: 3001, firstName: "Omar", lastName: "Operatore" },
  otherOperator: { id: 3002, firstName: "Olga", lastName: "Altrove" },
  onCall: { id: 4001, firstName: "Rita", lastName: "Reperibile" },
  stranger: { id: 9001, firstName: "Sconosciuto" },
} as const;

export interface World {
  programmeId: number;
  bollate: { id: number; programmeId: number; codePrefix: string };
  opera: { id: number; programmeId: number; codePrefix: string };
  staff: Record<Exclude<keyof typeof USERS, "stranger">, StaffMember>;
  people: { id: number; code: string; givenName: string; familyName: string; siteId: number }[];
}

export async function addStaff(
  deps: ServiceDeps,
  user: { id: number; firstName: string; lastName?: string },
  memberships: { role: Role; siteId: number | null; programmeId?: number | null }[],
): Promise<StaffMember> {
  const staff = await deps.db.staff.create({
    data: {
      telegramId: BigInt(user.id),
      displayName: [user.firstName, user.lastName].filter(Boolean).join(" "),
      phone: "+39 333 000 0000",
      createdAt: deps.clock(),
      memberships: {
        create: memberships.map((m) => ({
          role: m.role,
          siteId: m.siteId,
          programmeId: m.programmeId ?? null,
          createdAt: deps.clock(),
        })),
      },
    },
  });
  const member = await findStaffById(deps, staff.id);
  if (!member) throw new Error("staff not created");
  return member;
}

export const PEOPLE = [
  { givenName: "Mario", familyName: "Rossi", site: "bollate" },
  { givenName: "Luca", familyName: "Bianchi", site: "bollate" },
  { givenName: "Giulia", familyName: "Rossetti", site: "bollate" },
  { givenName: "Ahmed", familyName: "Benali", site: "opera" },
] as const;

export async function seedWorld(deps: ServiceDeps): Promise<World> {
  const programme = await deps.db.programme.create({
    data: {
      code: "spazio-zero",
      name: "Spazio Zero",
      funder: "Cassa delle Ammende + Regione Lombardia",
      startsOn: "2025-11-01",
      endsOn: "2027-04-30",
    },
  });
  const bollate = await deps.db.site.create({
    data: { programmeId: programme.id, name: "CR Milano-Bollate", kind: "day_centre_inside", codePrefix: "BOL" },
  });
  const opera = await deps.db.site.create({
    data: { programmeId: programme.id, name: "CR Milano-Opera", kind: "day_centre_inside", codePrefix: "OPE" },
  });
  const staff = {
    admin: await addStaff(deps, USERS.admin, [{ role: "admin", siteId: null }]),
    coordinator: await addStaff(deps, USERS.coordinator, [{ role: "coordinator", siteId: bollate.id }]),
    operator: await addStaff(deps, USERS.operator, [{ role: "operator", siteId: bollate.id }]),
    otherOperator: await addStaff(deps, USERS.otherOperator, [{ role: "operator", siteId: opera.id }]),
    onCall: await addStaff(deps, USERS.onCall, [{ role: "on_call", siteId: bollate.id }]),
  };
  const sites = { bollate, opera };
  const people: World["people"] = [];
  for (const person of PEOPLE) {
    const site = sites[person.site];
    const data = personInput.parse({
      siteId: site.id,
      givenName: person.givenName,
      familyName: person.familyName,
      legalStatus: "detained",
      intakeOn: "2026-01-15",
      caseManagerId: staff.operator.id,
    });
    const created = await deps.db.$transaction((tx) => insertPerson(tx, deps, site, data));
    people.push({ ...created, givenName: person.givenName, familyName: person.familyName, siteId: site.id });
  }
  return { programmeId: programme.id, bollate, opera, staff, people };
}

/** A fresh database with the seeded world, for a test's beforeEach (drop `database` in afterEach). */
export async function seedTestWorld(clockStart?: Date | string) {
  const database = await createTestDatabase();
  const clock = createTestClock(clockStart);
  const deps = createTestDeps(database.db, clock);
  const world = await seedWorld(deps);
  return { database, clock, deps, world };
}
