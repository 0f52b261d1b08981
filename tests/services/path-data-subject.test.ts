// A data-subject request covers the person's path: export lists referrals, legal status, internships, hires, stays,
// courses and record corrections; erasure seals what held their name.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exportPerson } from "../../src/services/data-subject.ts";
import { erasePerson } from "../../src/services/erasure.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { endInternship, startInternship } from "../../src/services/internships.ts";
import { changeLegalStatus } from "../../src/services/legal-status.ts";
import { moveIn } from "../../src/services/housing.ts";
import { updatePersonRecord } from "../../src/services/person-record.ts";
import { decideReferral, recordReferral } from "../../src/services/referrals.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { seedTestWorld, type World } from "../helpers/fixtures.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2026-11-18T10:00:00+01:00"));
});
afterEach(() => database.drop());

/** Ada, referred by name and taken in charge; then every step of her path, recorded through the services. */
async function adasPath(): Promise<string> {
  const coordinator = world.staff.coordinator.actor;
  const referral = await recordReferral(deps, coordinator, {
    siteId: world.bollate.id,
    receivedOn: "2026-02-01",
    source: "serd",
    givenName: "Ada",
    familyName: "Neri",
  });
  const { personCode } = await decideReferral(deps, coordinator, {
    referralId: referral.id,
    decision: "accepted",
    decidedOn: "2026-02-10",
    legalStatus: "detained",
  });
  const ada = await deps.db.person.findUniqueOrThrow({ where: { code: personCode as string } });
  await changeLegalStatus(deps, coordinator, { personId: ada.id, status: "semi_liberty", fromOn: "2026-05-01" });
  const internship = await startInternship(deps, coordinator, {
    personId: ada.id,
    host: { name: "Cooperativa Il Sole", kind: "third_sector" },
    startsOn: "2026-05-04",
    plannedEndOn: "2026-11-04",
    hoursPerWeek: 20,
  });
  await endInternship(deps, coordinator, {
    internshipId: internship.id,
    endsOn: "2026-10-30",
    outcome: "hired_by_host",
    contract: "permanent",
  });
  const house = await deps.db.house.create({
    data: { siteId: world.bollate.id, name: "Casa Ponte", beds: { create: [{ label: "Letto 1" }] } },
    include: { beds: true },
  });
  await moveIn(deps, coordinator, { personId: ada.id, bedId: house.beds[0]!.id, fromOn: "2026-06-01" });
  await updatePersonRecord(deps, coordinator, ada.id, { familyName: "Nerini" });
  return ada.code;
}

describe("the person's path in data-subject requests", () => {
  it("is exported whole", async () => {
    const code = await adasPath();
    const document = await exportPerson(deps, code);
    expect(document.person).toMatchObject({ givenName: "Ada", familyName: "Nerini", intakeOn: "2026-02-10" });
    expect(document.legalStatuses).toEqual([
      { status: "detained", fromOn: "2026-02-10" },
      { status: "semi_liberty", fromOn: "2026-05-01" },
    ]);
    expect(document.referrals).toMatchObject([{ source: "serd", status: "accepted", decidedOn: "2026-02-10" }]);
    expect(JSON.stringify(document.internships)).toContain("Cooperativa Il Sole");
    expect(document.hires).toMatchObject([{ hiredOn: "2026-10-30", contract: "permanent" }]);
    expect(JSON.stringify(document.housingStays)).toContain("2026-06-01");
    expect(document.recordCorrections).toMatchObject([
      { changes: { before: { familyName: "Neri" }, after: { familyName: "Nerini" } } },
    ]);
  });

  it("is sealed by erasure: no name left in referrals or record corrections", async () => {
    const code = await adasPath();
    await erasePerson(deps, code);
    const changes = await deps.db.personRecordChange.findMany();
    const referrals = await deps.db.referral.findMany();
    expect(changes).toHaveLength(1);
    for (const change of changes) {
      let text = "";
      try {
        text = deps.cipher.decrypt(change.changesEnc, "PersonRecordChange.changesEnc", change.id);
      } catch {
        text = "";
      }
      expect(text).not.toContain("Neri");
    }
    for (const referral of referrals) {
      expect(referral.givenNameEnc).toBeNull();
      expect(referral.familyNameEnc).toBeNull();
    }
  });
});
