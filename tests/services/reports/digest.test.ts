// The digest service: who may see which scope, and the golden week's text as a coordinator reads it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ServiceDeps } from "../../../src/services/deps.ts";
import { digestFor, digestScopesFor, renderDigest, scopeDigest } from "../../../src/services/reports/digest.ts";
import { translatorFor } from "../../../src/i18n.ts";
import { renderDigestText } from "../../../src/services/reports/digest-text.ts";
import type { TestDatabase } from "../../helpers/database.ts";
import { addStaff, type World, seedTestWorld } from "../../helpers/fixtures.ts";
import { DIGEST_MONDAY, GOLDEN_WEEK, goldenWeek } from "../../helpers/report-fixtures.ts";
import { reserveIds } from "../../../src/services/row-ids.ts";

let database: TestDatabase;
let deps: ServiceDeps;
let world: World;

beforeEach(async () => {
  ({ database, deps, world } = await seedTestWorld(DIGEST_MONDAY));
  await goldenWeek(deps, world);
});
afterEach(() => database.drop());

// Every number below is GOLDEN_BOLLATE (tests/helpers/report-fixtures.ts), counted by hand from the seeded rows.
const GOLDEN_TEXT_IT = `📊 Riepilogo settimanale · CR Milano-Bollate
Settimana 2026-W43: dal 19/10/2026 al 25/10/2026
Tra parentesi la variazione rispetto alla settimana precedente.

📝 Attività
Sessioni registrate: 4 (+2)
• Colloqui educativi: 1
• Attività di gruppo: 2
• Contatti telefonici: 1
Ore di attività: 4 h (+1 h 30′)
Persone raggiunte: 2 (=)

👥 Attività di gruppo
Attività di gruppo svolte: 2 (+1)
Attività di gruppo in calendario: 3 (=)
Attività in calendario non registrate: 1 (-1)
• Cura del verde del 21/10
Tasso di presenza: 50% (-17 punti)
Attività con presenza sotto il 50%: 0 (=)

🧭 Percorsi della settimana
Nuove segnalazioni: 0 (=)
Nuove prese in carico: 1 (+1)
   BOL-0004
Tirocini avviati: 1 (+1)
   BOL-0002
Tirocini conclusi: 1 (+1)
   BOL-0001
Assunzioni dall'azienda ospitante: 0 (=)
Assunzioni presso altra azienda: 0 (=)
Ingressi in accoglienza abitativa: 0 (=)
Uscite dall'accoglienza abitativa: 0 (=)
Dimissioni: 1 (+1)
   BOL-0005

🧑 Persone in carico
Persone in carico: 4 (=)
• Detenuti: 4
Tirocini attivi: 2 (+1)
Persone senza contatti da 14+ giorni: 1 (-1)
   BOL-0003

📁 Progetti (PEI)
Progetti (PEI) attivi: 2 (=)
Revisioni dei Progetti (PEI) entro 7 giorni: 1 (=)
   BOL-0002
Revisioni dei Progetti (PEI) scadute: 1 (+1)
   BOL-0001
Persone senza Progetto (PEI) attivo: 2 (=)
   BOL-0003, BOL-0004

🚨 Eventi critici
Eventi critici: 2 (+1)
• Autolesionismo: 1
• Aggressione tra pari: 1
• gravità 2 (moderata): 1
• gravità 3 (grave): 1
Eventi ancora aperti: 2 (+2)
   #1, #2
Eventi senza presa visione: 1 (+1)
   #2
Persone con 2+ eventi in 30 giorni: 1 (+1)
   BOL-0001

🗂 Registrazioni
Operatori senza registrazioni: 1 (=)
   Bruno Bassi
Registrazioni in ritardo (> 72 h): 1 (+1)`;

describe("digest service", () => {
  it("gives a coordinator the golden week of their site, in Italian, exactly as counted by hand", async () => {
    const view = await digestFor(
      deps,
      world.staff.coordinator.actor,
      { kind: "site", id: world.bollate.id },
      GOLDEN_WEEK,
    );
    expect(renderDigestText(view, translatorFor("it"), "it")).toEqual([GOLDEN_TEXT_IT]);
  });

  it("lists the week's break-the-glass reads of the site's people, one line per day", async () => {
    const grant = async (staffId: number, personIndex: number, at: string) => {
      const id = await reserveIds(deps.db, "BreakGlassGrant");
      return deps.db.breakGlassGrant.create({
        data: {
          id,
          staffId,
          personId: world.people[personIndex]?.id as number,
          reasonEnc: deps.cipher.encrypt("Crisi notturna in corso", "BreakGlassGrant.reasonEnc", id),
          createdAt: new Date(at),
          expiresAt: new Date(new Date(at).getTime() + 4 * 3600_000),
        },
      });
    };
    const other = world.staff.otherOperator.id;
    await grant(other, 0, "2026-10-20T23:30:00+02:00");
    await grant(other, 2, "2026-10-21T00:10:00+02:00");
    await grant(world.staff.admin.id, 0, "2026-10-21T09:00:00+02:00");
    await grant(other, 0, "2026-10-26T09:00:00+01:00"); // the next week
    const view = await digestFor(
      deps,
      world.staff.coordinator.actor,
      { kind: "site", id: world.bollate.id },
      GOLDEN_WEEK,
    );
    const [text] = renderDigestText(view, translatorFor("it"), "it");
    const code = (index: number) => world.people[index]?.code;
    expect(text?.split("\n\n").at(-1)).toBe(
      [
        "🔓 Accessi straordinari ai Progetti (PEI)",
        `• 20/10: Olga Altrove → ${code(0)}`,
        `• 21/10: Olga Altrove → ${code(2)}; Anna Admin → ${code(0)}`,
      ].join("\n"),
    );
  });

  it("sums the programme over its sites and writes English for English readers", async () => {
    const view = await digestFor(
      deps,
      world.staff.admin.actor,
      { kind: "programme", id: world.programmeId },
      GOLDEN_WEEK,
    );
    const [text] = renderDigestText(view, translatorFor("en"), "en");
    // Bollate's 4 sessions + the certified course at Opera (180 min); people reached p1, p2 + p4 at Opera.
    expect(text).toContain("📊 Weekly digest · programme Spazio Zero\nWeek 2026-W43: 19/10/2026 to 25/10/2026");
    expect(text).toContain("Sessions: 5 (+3)");
    expect(text).toContain("Hours of activity: 7 h (+4 h 30′)");
    expect(text).toContain("Unique people reached: 3 (+1)");
    // (2 + 1 + 1 present) / (3 + 3 + 1 expected) = 4/7 = 57 %; the week before 2/3 = 67 %.
    expect(text).toContain("Attendance rate: 57% (-10 points)");
    expect(text).toContain("Active caseload: 5 (=)");
  });

  it("offers coordinators their sites and admins every site and programme, and nobody else anything", async () => {
    expect(await digestScopesFor(deps, world.staff.coordinator.actor)).toEqual([
      { kind: "site", id: world.bollate.id, name: "CR Milano-Bollate" },
    ]);
    expect(await digestScopesFor(deps, world.staff.admin.actor)).toEqual([
      { kind: "site", id: world.bollate.id, name: "CR Milano-Bollate" },
      { kind: "site", id: world.opera.id, name: "CR Milano-Opera" },
      { kind: "programme", id: world.programmeId, name: "Spazio Zero" },
    ]);
    expect(await digestScopesFor(deps, world.staff.operator.actor)).toEqual([]);
    expect(await digestScopesFor(deps, world.staff.onCall.actor)).toEqual([]);
  });

  it("refuses scopes outside the actor's role with the same words whether they exist or not", async () => {
    const other = await deps.db.programme.create({
      data: { code: "reti", name: "Reti di inclusione", funder: "FSE+", startsOn: "2026-01-01", endsOn: "2027-12-31" },
    });
    const otherAdmin = await addStaff(deps, { id: 1002, firstName: "Ada" }, [
      { role: "admin", siteId: null, programmeId: other.id },
    ]);
    const refusals = [
      digestFor(deps, world.staff.coordinator.actor, { kind: "site", id: world.opera.id }, GOLDEN_WEEK),
      digestFor(deps, world.staff.coordinator.actor, { kind: "programme", id: world.programmeId }, GOLDEN_WEEK),
      digestFor(deps, world.staff.operator.actor, { kind: "site", id: world.bollate.id }, GOLDEN_WEEK),
      digestFor(deps, otherAdmin.actor, { kind: "programme", id: world.programmeId }, GOLDEN_WEEK),
      digestFor(deps, world.staff.admin.actor, { kind: "site", id: 999 }, GOLDEN_WEEK),
    ];
    for (const outcome of await Promise.allSettled(refusals))
      expect(outcome).toMatchObject({ status: "rejected", reason: { messageKey: "error-not-found-or-not-allowed" } });
    expect(await deps.db.auditEntry.count({ where: { action: "digest.view" } })).toBe(0);
  });

  it("audits who read which digest", async () => {
    await digestFor(deps, world.staff.coordinator.actor, { kind: "site", id: world.bollate.id }, GOLDEN_WEEK);
    const entry = await deps.db.auditEntry.findFirstOrThrow({ where: { action: "digest.view" } });
    expect(entry).toMatchObject({
      actorId: world.staff.coordinator.id,
      subjectType: "site",
      subjectId: String(world.bollate.id),
      details: JSON.stringify({ weekKey: GOLDEN_WEEK }),
    });
  });

  it("charts the last 8 weeks as a PNG next to the text", async () => {
    const view = await digestFor(
      deps,
      world.staff.coordinator.actor,
      { kind: "site", id: world.bollate.id },
      GOLDEN_WEEK,
    );
    expect(view.chart.map((point) => point.weekKey)).toEqual([
      "2026-W36",
      "2026-W37",
      "2026-W38",
      "2026-W39",
      "2026-W40",
      "2026-W41",
      "2026-W42",
      "2026-W43",
    ]);
    expect(view.chart.slice(-2)).toEqual([
      { weekKey: "2026-W42", sessions: 2, attendanceRate: 2 / 3 },
      { weekKey: "2026-W43", sessions: 4, attendanceRate: 0.5 },
    ]);
    const rendered = await renderDigest(view, "it");
    expect(rendered.chartPng.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(rendered.texts).toEqual(renderDigestText(view, translatorFor("it"), "it"));
  });
});

describe("one load per programme", () => {
  it("gives each site the same digest from its programme's shared rows as from its own", async () => {
    const cache = new Map();
    for (const site of [world.bollate, world.opera]) {
      const alone = await scopeDigest(deps, { kind: "site", id: site.id }, GOLDEN_WEEK);
      const shared = await scopeDigest(deps, { kind: "site", id: site.id }, GOLDEN_WEEK, cache);
      expect(shared).toEqual(alone);
    }
    const programme = await scopeDigest(deps, { kind: "programme", id: world.programmeId }, GOLDEN_WEEK, cache);
    expect(programme).toEqual(await scopeDigest(deps, { kind: "programme", id: world.programmeId }, GOLDEN_WEEK));
    expect(cache.size).toBe(1);
  });
});
