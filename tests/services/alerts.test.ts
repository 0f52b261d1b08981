import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { alertRecipients, describeEvent, type EventCard, programmeAdmins } from "../../src/services/alerts.ts";
import { translatorFor } from "../../src/i18n.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { addOnCallShift } from "../../src/services/on-call.ts";
import { deactivateStaff } from "../../src/services/staff.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { addStaff, type World, seedTestWorld } from "../helpers/fixtures.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;
const HOUR = 3600_000;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld("2026-11-18T21:00:00+01:00"));
});
afterEach(async () => {
  await database.drop();
});

const names = (recipients: { displayName: string }[]) => recipients.map((r) => r.displayName);

describe("who is alerted", () => {
  it("alerts the site's coordinators and whoever is on call there now, not the reporter", async () => {
    const now = deps.clock();
    await addOnCallShift(deps, world.staff.coordinator.actor, {
      staffId: world.staff.onCall.id,
      siteIds: [world.bollate.id],
      startsAt: new Date(now.getTime() - HOUR),
      endsAt: new Date(now.getTime() + 10 * HOUR),
    });
    const event = { siteId: world.bollate.id, reporterId: world.staff.operator.id };
    expect(names(await alertRecipients(deps.db, event, now))).toEqual(["Carla Coordinatrice", "Rita Reperibile"]);
    expect(names(await alertRecipients(deps.db, event, new Date(now.getTime() + 11 * HOUR)))).toEqual([
      "Carla Coordinatrice",
    ]);
    const reportedByCoordinator = { ...event, reporterId: world.staff.coordinator.id };
    expect(names(await alertRecipients(deps.db, reportedByCoordinator, now))).toEqual(["Rita Reperibile"]);
    expect(await alertRecipients(deps.db, { ...event, siteId: world.opera.id }, now)).toEqual([]);
  });

  it("never alerts deactivated staff", async () => {
    await deactivateStaff(deps, world.staff.admin.actor, world.staff.coordinator.id);
    const event = { siteId: world.bollate.id, reporterId: world.staff.operator.id };
    expect(await alertRecipients(deps.db, event, deps.clock())).toEqual([]);
  });

  it("escalates to the admins of the event's programme and to admins of every programme", async () => {
    const other = await deps.db.programme.create({
      data: { code: "reti", name: "Reti", funder: "FSE+", startsOn: "2026-01-01", endsOn: "2027-12-31" },
    });
    await addStaff(deps, { id: 1002, firstName: "Paolo", lastName: "Programma" }, [
      { role: "admin", siteId: null, programmeId: world.programmeId },
    ]);
    await addStaff(deps, { id: 1003, firstName: "Zeno", lastName: "Altrove" }, [
      { role: "admin", siteId: null, programmeId: other.id },
    ]);
    expect(names(await programmeAdmins(deps.db, world.programmeId))).toEqual(["Anna Admin", "Paolo Programma"]);
  });
});

describe("alert texts", () => {
  const card: EventCard = {
    id: 1234,
    kind: "self_harm",
    severity: 4,
    siteName: "CR Milano-Bollate",
    programmeId: 1,
    occurredAt: new Date("2026-11-18T09:30:00Z"),
    recordedAt: new Date("2026-11-18T09:40:00Z"),
    reporterId: 3,
    reporterName: "Omar Operatore",
    people: ["BOL-0001 · Mario R."],
  };

  it("shows code, first name and initial, kind, severity, site, local time and reporter, in Italian", () => {
    expect(describeEvent(translatorFor("it"), card, "Europe/Rome")).toBe(
      [
        "🚨 Evento critico #1234",
        "Autolesionismo — gravità 4 (pericolo di vita)",
        "Persone: BOL-0001 · Mario R.",
        "Sede: CR Milano-Bollate",
        "Quando: 18/11/2026 10:30",
        "Segnalato da: Omar Operatore",
      ].join("\n"),
    );
  });

  it("speaks English to English-speaking recipients and says when nobody is involved", () => {
    const text = describeEvent(translatorFor("en"), { ...card, people: [] }, "Europe/Rome");
    expect(text).toContain("Self-harm — severity 4 (life-threatening)");
    expect(text).toContain("People: no one");
  });
});
