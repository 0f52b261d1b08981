// Erasure leaves nothing: a person goes through every flow (plan look-up, break the glass, a critical event, a
// session with a note, a plan edit left open as a draft), is erased with the CLI, and a backup is taken. The raw
// database file, its WAL and the backup are then scanned byte by byte: no seeded text in clear, and none in any
// sealed value found, each opened with the deployment key.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, expect, it } from "vitest";
import { runCli } from "../../src/cli/commands/index.ts";
import { backupDatabase } from "../../src/services/backup.ts";
import { reportEvent } from "../../src/services/events.ts";
import { insertPerson, personInput } from "../../src/services/people.ts";
import { captureOutput, commandContext } from "../cli/helpers.ts";
import { createTestClock } from "../helpers/database.ts";
import { seedWorld, USERS, type World } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { seedPlan } from "../helpers/plan-fixtures.ts";
import { addSession } from "../helpers/report-fixtures.ts";

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
};

let harness: Harness;
let world: World;
let code: string;
const backup = `.tmp/erasure-backup-${randomUUID()}.db`;

beforeEach(async () => {
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
  // Plan look-up and a plan edit left open as a draft (the operator turns to something else).
  const operator = harness.user(USERS.operator);
  await operator.send(`/piano ${code}`);
  await operator.tap(/Goals|Obiettivi/);
  await operator.send(`/piano ${SECRETS.family}`);
  await operator.tap("✏️ Modifica Progetto (PEI)");
  await operator.tap("🧭 Obiettivo generale");
  await operator.send(SECRETS.draft);
  await operator.send("/aiuto");
  // Break the glass from another site.
  const outsider = harness.user(USERS.otherOperator);
  await outsider.send(`/piano ${code}`);
  await outsider.tap("🔓 Accesso straordinario");
  await outsider.send(SECRETS.reason);
  harness.outbox.kick();
  await harness.outbox.idle();
});
afterEach(async () => {
  await harness.stop();
  rmSync(backup, { force: true });
});

function tryDecrypt(sealed: string): string | null {
  try {
    return harness.deps.cipher.decrypt(sealed);
  } catch {
    return null;
  }
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
  // A sealed value's end is not marked in the file: the bytes after it may continue the match, so shorter bodies
  // are tried until one opens (GCM's tag makes a wrong cut fail).
  for (const [match] of text.matchAll(/v1:[0-9a-f]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]*/g)) {
    for (let end = match.length; end >= 52; end--) {
      const plain = tryDecrypt(match.slice(0, end));
      if (plain === null) continue;
      look(plain, "sealed");
      opened++;
      break;
    }
  }
  expect(opened, `sealed values opened in ${paths.join(", ")}`).toBeGreaterThan(0);
  return [...found];
}

it("leaves no seeded text in the database file, its WAL or a backup taken afterwards", async () => {
  const { deps } = harness;
  const file = harness.database.file;
  // Before: the traces are really there (the test would see them).
  const before = residue(file, `${file}-wal`);
  for (const secret of [...Object.values(SECRETS), code])
    expect(before.some((f) => f.startsWith(`${secret} (`))).toBe(true);

  const io = captureOutput();
  expect(await runCli(["person", "erase", code, "--yes"], commandContext(deps, io, process.cwd(), {}))).toBe(0);
  await backupDatabase(harness.database.url, backup);

  expect(residue(file, `${file}-wal`)).toEqual([]);
  expect(residue(backup)).toEqual([]);
  const audit = await deps.db.auditEntry.findMany({ where: { action: "person.erase" } });
  expect(audit).toHaveLength(1);
});
