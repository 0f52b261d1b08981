// Erasure leaves nothing: a person goes through every flow (plan look-up, break the glass, a critical event, a
// session with a note, a plan edit left open as a draft, a protected discharge with a named contact), is erased with the CLI, and a backup is taken. The raw
// database file, its WAL and the backup are then scanned byte by byte: no seeded text in clear, and none in any
// sealed value found, each read with the deployment key as an attacker would (whatever row it was bound to).
// `npm run test:chaos` adds random flows before the erasure.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/commands/index.ts";
import { backupDatabase } from "../../src/db/client.ts";
import { reportEvent } from "../../src/services/events.ts";
import { changeLegalStatus } from "../../src/services/legal-status.ts";
import { addReceivingService, updateReceivingService } from "../../src/services/release-checklist.ts";
import { insertPerson, personInput } from "../../src/services/people.ts";
import { captureOutput, commandContext } from "../cli/helpers.ts";
import { createTestClock, TEST_KEY } from "../helpers/database.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { seedPlan } from "../helpers/plan-fixtures.ts";
import { addSession } from "../helpers/report-fixtures.ts";
import { readWithKey } from "../helpers/sealed-values.ts";

const LONG = process.env.PONTE_CHAOS === "long";

const SECRETS = {
  given: "Zelinda",
  family: "Quartararo",
  objective: "Ricostruire rapporti con la sorella Ermenegilda",
  riskSigns: "Insonnia e frasi su Cantalupo",
  goal: "Patente nautica entro giugno",
  intervention: "Accompagnamento al SerD di Voghera",
  who: "Fiorenzo Tutorelli",
  service: "Comunità Arcobaleno Lodigiana",
  referent: "Dottoressa Ombretta Vitali",
  phone: "0382 771 904",
  event: "Ha rotto la finestra del laboratorio di Pizzighettone",
  note: "Parlato del processo a Casalpusterlengo",
  reason: "Crisi notturna serve sapere chi chiamare",
  draft: "Bozza sul fratello Gervasio",
  releaseContact: "Dottor Anselmo Borromini",
};

let harness: Harness;
let world: World;
let code: string;
const backup = `.tmp/erasure-backup-${randomUUID()}.db`;

/** A fresh deployment where the person went through every flow. */
async function livedThrough(): Promise<void> {
  harness = await startHarness({ clock: createTestClock("2026-11-18T21:30:00+01:00") });
  world = await seedWorld(harness.deps);
  const { deps } = harness;
  const data = personInput.parse({
    siteId: world.bollate.id,
    givenName: SECRETS.given,
    familyName: SECRETS.family,
    legalStatus: "detained",
    intakeOn: "2026-01-15",
    caseManagerId: world.staff.operator.id,
  });
  const person = await deps.db.$transaction((tx) => insertPerson(tx, deps, world.bollate, data));
  code = person.code;
  await seedPlan(deps, person.id, {
    objective: SECRETS.objective,
    crisis: { riskSigns: SECRETS.riskSigns, whatToDo: "Chiamare il CPS", whomToCall: SECRETS.referent },
    goals: [{ area: "work", text: SECRETS.goal }],
    interventions: [{ area: "health", what: SECRETS.intervention, who: SECRETS.who }],
    network: [{ service: SECRETS.service, referent: SECRETS.referent, phone: SECRETS.phone }],
  });
  await addSession(deps, {
    siteId: world.bollate.id,
    kind: "individual_educational",
    occurredAt: "2026-11-18T10:00+01:00",
    durationMinutes: 45,
    authorId: world.staff.operator.id,
    attendance: { [person.id]: "present" },
    note: SECRETS.note,
  });
  await reportEvent(deps, world.staff.operator.actor, {
    clientRef: "event:3001:erasure",
    siteId: world.bollate.id,
    personIds: [person.id],
    kind: "damage",
    severity: 3,
    occurredAt: new Date("2026-11-18T20:00:00+01:00"),
    description: SECRETS.event,
    notified: [],
  });
  // A release dated ahead: its checklist names a receiving service's contact, and its notice is queued.
  const { releasePlanId } = await changeLegalStatus(deps, world.staff.coordinator.actor, {
    personId: person.id,
    status: "released",
    fromOn: "2026-12-20",
  });
  const serviceId = await addReceivingService(deps, world.staff.operator.actor, {
    releasePlanId: releasePlanId as number,
    kind: "cps",
  });
  await updateReceivingService(deps, world.staff.operator.actor, { serviceId, contact: SECRETS.releaseContact });
  // Plan look-up and a plan edit left open as a draft (the operator turns to something else).
  const operator = harness.user(USERS.operator);
  await operator.send(`/piano ${code}`);
  await operator.tap(/Goals|Obiettivi/);
  await operator.send(`/piano ${SECRETS.family}`);
  await operator.tapKey("plans-button-edit");
  await operator.tapKey("plans-edit-objective");
  await operator.send(SECRETS.draft);
  await operator.send("/aiuto");
  // Break the glass from another site.
  const outsider = harness.user(USERS.otherOperator);
  await outsider.send(`/piano ${code}`);
  await outsider.tapKey("plans-button-break-glass");
  await outsider.send(SECRETS.reason);
  harness.outbox.kick();
  await harness.outbox.idle();
}

async function tearDown(): Promise<void> {
  await harness.stop();
  rmSync(backup, { force: true });
}

/** Every seeded text found in the files, in clear or inside a sealed value opened with the key. */
function residue(...paths: string[]): string[] {
  const bytes = paths.filter((path) => existsSync(path)).map((path) => readFileSync(path));
  const text = bytes.map((b) => b.toString("latin1") + b.toString("utf8")).join("\n");
  const found = new Set<string>();
  const look = (haystack: string, where: string) => {
    for (const secret of [...Object.values(SECRETS), code]) {
      if (haystack.toLowerCase().includes(secret.toLowerCase())) found.add(`${secret} (${where})`);
    }
  };
  look(text, "clear");
  let opened = 0;
  // Read as an attacker with the key would: without knowing which row a value was bound to, or where it ends.
  for (const [match] of text.matchAll(/v[12]:[0-9a-f]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]*/g)) {
    const plain = readWithKey(TEST_KEY, match);
    if (plain === null) continue;
    look(plain, "sealed");
    opened++;
  }
  expect(opened, `sealed values opened in ${paths.join(", ")}`).toBeGreaterThan(0);
  return [...found];
}

/** Erases the person with the CLI, takes a backup, and returns what the file, its WAL and the backup still hold. */
async function eraseAndScan(): Promise<{ before: string[]; after: string[] }> {
  const { deps } = harness;
  const file = harness.database.file;
  const before = residue(file, `${file}-wal`);
  const io = captureOutput();
  expect(await runCli(["person", "erase", code, "--yes"], commandContext(deps, io, process.cwd(), {}))).toBe(0);
  await backupDatabase(harness.database.url, backup);
  return { before, after: [...residue(file, `${file}-wal`), ...residue(backup)] };
}

describe("erasure", () => {
  beforeEach(livedThrough);
  afterEach(tearDown);

  it("leaves no seeded text in the database file, its WAL or a backup taken afterwards", async () => {
    const { before, after } = await eraseAndScan();
    // Before, the traces are really there (the scan would see them).
    for (const secret of [...Object.values(SECRETS), code])
      expect(before.some((f) => f.startsWith(`${secret} (`))).toBe(true);
    expect(after).toEqual([]);
    expect(await harness.deps.db.auditEntry.count({ where: { action: "person.erase" } })).toBe(1);
  });
});

// One random case in `npm test`, 12 in the long version (`npm run test:chaos`, tests/chaos/erasure-residue.test.ts):
// staff also wander through random
// commands, taps and texts that carry the person's code and texts, leaving flows and drafts open, before the erasure.
const USERS_AT_WORK = ["operator", "coordinator", "otherOperator"] as const;
const COMMANDS = ["/sessione", "/evento", "/piano", "/cerca", "/correggi", "/eventi", "/persona", "/riepilogo"];
type Step = { user: (typeof USERS_AT_WORK)[number] } & ({ send: string } | { tap: number });

function stepArbitrary(): fc.Arbitrary<Step> {
  const user = fc.constantFrom(...USERS_AT_WORK);
  const typed = fc.oneof(
    fc.constantFrom(...COMMANDS),
    fc.constantFrom(...Object.values(SECRETS)),
    fc.constantFrom("CODE", "/piano CODE", "/cerca Quartararo", "Zelinda"),
  );
  return fc.oneof(fc.record({ user, send: typed }), fc.record({ user, tap: fc.nat(12) }));
}

async function wander(steps: readonly Step[]): Promise<void> {
  for (const step of steps) {
    const user = harness.user(USERS[step.user]);
    if ("send" in step) {
      await user.send(step.send.replace("CODE", code));
      continue;
    }
    const latest = user.messages().findLast((m) => m.buttons.length > 0);
    const buttons = latest?.buttons.flat().filter((b) => b.callback_data) ?? [];
    const button = buttons[step.tap % Math.max(buttons.length, 1)];
    if (latest && button?.callback_data) await user.sendCallback(button.callback_data, latest.messageId);
  }
  harness.outbox.kick();
  await harness.outbox.idle();
}

describe("erasure after random flows", () => {
  it("leaves no seeded text whatever the staff did before", { timeout: LONG ? 900_000 : undefined }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary(), { minLength: 5, maxLength: 30 }), async (steps) => {
        await livedThrough();
        try {
          await wander(steps);
          expect((await eraseAndScan()).after).toEqual([]);
        } finally {
          await tearDown();
        }
      }),
      { numRuns: LONG ? 12 : 1, endOnFailure: true },
    );
  });
});
