// Shared by the fuzz and authorisation property tests (tests/e2e/*.property.test.ts and their long versions in
// tests/chaos): a world with data for every feature, generators of hostile input and buttons, a driver that delivers
// them through the real bot, the refusals real Telegram would give (the emulator accepts anything), and the
// database invariants that must hold whatever users type or tap.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { COMMANDS } from "../../src/bot/commands.ts";
import { LOCALES, translate } from "../../src/i18n.ts";
import { MENU_ITEMS } from "../../src/bot/menu.ts";
import { hasRoleAt, type Actor, type MembershipGrant } from "../../src/domain/permissions.ts";
import { isInCharge } from "../../src/domain/people.ts";
import { isRole } from "../../src/domain/roles.ts";
import { isoWeekday } from "../../src/domain/schedule.ts";
import { addDaysIso, localDate } from "../../src/domain/weeks.ts";
import type { ApiCall, BotApiEmulator, Fault } from "../../src/local/bot-api-emulator.ts";
import type { ChatUser } from "../../src/local/chat-user.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { reportEvent } from "../../src/services/events.ts";
import { insertPerson, personInput } from "../../src/services/people.ts";
import { logSession } from "../../src/services/sessions.ts";
import { deactivateStaff, type StaffMember } from "../../src/services/staff.ts";
import { addActivity } from "./activity-fixtures.ts";
import { addStaff, seedWorld, USERS, type World } from "./fixtures.ts";
import { addShift, seedPlan } from "./plan-fixtures.ts";

// ---- the world ------------------------------------------------------------------------------------------------

export const FUZZ_USERS = {
  ...USERS,
  deactivated: { id: 3009, firstName: "Dario", lastName: "Disattivato" },
  otherStranger: { id: 9002, firstName: "Ignoto" },
} as const;

/** A seeded person and every string that identifies them or their records. */
export interface SecretPerson {
  id: number;
  code: string;
  /** Where they were seeded (staff may transfer them since). */
  siteId: number;
  givenName: string;
  familyName: string;
  /** Distinctive words written into their plan, event descriptions and session notes. */
  tokens: string[];
}

export interface FuzzWorld {
  world: World;
  deactivated: StaffMember;
  people: SecretPerson[];
  activityIds: number[];
  sessionIds: number[];
  eventIds: number[];
  /** A second programme (its admin is out of scope for everything in the first). */
  otherProgrammeId: number;
}

// Rare names, so that finding one in a reply can only mean the bot disclosed that person.
const EXTRA_PEOPLE = [
  ["Zefiro", "Pizzigoni"],
  ["Ottavina", "Scarabelli"],
  ["Quirino", "Trombetti"],
  ["Brunilde", "Zanfretta"],
  ["Ermete", "Brambillasca"],
  ["Vitaliana", "Gualdrini"],
] as const;

const tokenOf = (code: string, what: string) => `qz${code.toLowerCase().replace("-", "")}${what}`;

/**
 * seedWorld plus what every feature needs: more people at Bollate, two activities (one scheduled today) with
 * rosters and facilitators, plans full of text, an on-call shift running now, sessions with notes, open events
 * with alerts queued, a deactivated operator and a second programme.
 */
export async function seedFuzzWorld(deps: ServiceDeps): Promise<FuzzWorld> {
  const world = await seedWorld(deps);
  const { staff, bollate, opera } = world;
  const now = deps.clock();
  const today = localDate(now, deps.timeZone);
  const deactivated = await addStaff(deps, FUZZ_USERS.deactivated, [{ role: "operator", siteId: bollate.id }]);
  await deactivateStaff(deps, null, deactivated.id);
  const other = await deps.db.programme.create({
    data: { code: "altro", name: "Altro progetto", funder: "FSE+", startsOn: "2025-01-01", endsOn: "2027-12-31" },
  });
  await deps.db.site.create({
    data: { programmeId: other.id, name: "Casa Altrove", kind: "housing", codePrefix: "ALT" },
  });

  const people: SecretPerson[] = world.people.map((p) => ({ ...p, tokens: [] }));
  for (const [givenName, familyName] of EXTRA_PEOPLE) {
    const data = personInput.parse({
      siteId: bollate.id,
      givenName,
      familyName,
      legalStatus: "probation_social_services",
      intakeOn: "2026-02-01",
      caseManagerId: staff.coordinator.id,
    });
    const created = await deps.db.$transaction((tx) => insertPerson(tx, deps, bollate, data));
    people.push({ id: created.id, code: created.code, siteId: bollate.id, givenName, familyName, tokens: [] });
  }
  const atBollate = people.filter((p) => p.siteId === bollate.id);
  const rosterOf = (list: SecretPerson[]) => list.map((p) => ({ id: p.id, code: p.code, label: p.code }));
  const weekday = isoWeekday(today);
  const workshop = await addActivity(deps, world, {
    name: "Laboratorio di ceramica",
    schedules: [{ weekday, startTime: "08:30", durationMinutes: 60 }],
    facilitatorIds: [staff.operator.id, staff.coordinator.id],
    roster: rosterOf(atBollate.slice(0, 6)),
  });
  const garden = await addActivity(deps, world, {
    name: "Cura del verde",
    schedules: [{ weekday: (weekday % 7) + 1, startTime: "14:00", durationMinutes: 90 }],
    facilitatorIds: [staff.operator.id],
    roster: rosterOf(atBollate.slice(4)),
  });

  // Everyone but the last Bollate person has a plan (so /senzapiano has something to list).
  for (const person of people.slice(0, -1)) {
    const token = tokenOf(person.code, "piano");
    person.tokens.push(token);
    await seedPlan(
      deps,
      person.id,
      {
        objective: `Obiettivo ${token}`,
        crisis: { riskSigns: `Segnali ${token}`, whatToDo: `Fare ${token}`, whomToCall: `Chiamare ${token}` },
        goals: [
          { area: "health", text: `Salute ${token}` },
          { area: "work", text: `Lavoro ${token}`, targetOn: addDaysIso(today, 60) },
        ],
        network: [{ service: "CPS Milano", referent: `Referente ${token}`, phone: "+39 02 1234 5678" }],
        interventions: [{ area: "work", what: `Tirocinio ${token}`, who: "Educatore", frequency: "settimanale" }],
        reviewOn: addDaysIso(today, 3),
      },
      staff.coordinator.id,
    );
  }
  // On call now, and a month's rota ahead (as imported from a spreadsheet): long listings must still fit.
  const hour = 3600_000;
  for (let shift = 0; shift <= 60; shift++) {
    const startsAt = new Date(now.getTime() + (shift * 12 - 1) * hour);
    await addShift(deps, staff.onCall.id, [bollate.id], startsAt, new Date(startsAt.getTime() + 12 * hour));
  }

  const yesterday = addDaysIso(today, -1);
  const sessionIds: number[] = [];
  for (const person of atBollate.slice(0, 2)) {
    const token = tokenOf(person.code, "nota");
    person.tokens.push(token);
    const session = await logSession(deps, staff.operator.actor, {
      personIds: [person.id],
      kind: "individual_educational",
      occurredOn: yesterday,
      durationMinutes: 45,
      note: `Nota ${token}`,
      clientRef: `seed-${randomUUID()}`,
    });
    sessionIds.push(session.id);
  }
  const eventIds: number[] = [];
  const eventFor = async (reporter: StaffMember, person: SecretPerson, siteId: number, severity: number) => {
    const token = tokenOf(person.code, "evento");
    person.tokens.push(token);
    const reported = await reportEvent(deps, reporter.actor, {
      clientRef: `seed-${randomUUID()}`,
      siteId,
      personIds: [person.id],
      kind: "self_harm",
      severity,
      occurredAt: new Date(now.getTime() - 3600_000),
      description: `Descrizione ${token}`,
      notified: ["nue_112"],
      otherActions: null,
    });
    eventIds.push(reported.eventId);
  };
  await eventFor(staff.operator, atBollate[1] as SecretPerson, bollate.id, 3);
  await eventFor(staff.operator, atBollate[2] as SecretPerson, bollate.id, 4);
  const atOpera = people.find((p) => p.siteId === opera.id) as SecretPerson;
  await eventFor(staff.otherOperator, atOpera, opera.id, 2);

  return {
    world,
    deactivated,
    people,
    activityIds: [workshop.id, garden.id],
    sessionIds,
    eventIds,
    otherProgrammeId: other.id,
  };
}

/** Every string that would identify the person: code, names, short name, tokens of their records. */
export function secretsOf(person: SecretPerson): string[] {
  return [
    person.code,
    person.givenName,
    person.familyName,
    `${person.givenName} ${person.familyName.charAt(0)}.`,
    ...person.tokens,
  ];
}

// ---- what users send ------------------------------------------------------------------------------------------

const EXTRA_COMMANDS = [
  "start",
  "laboratori",
  "activities",
  "correggi",
  "correct",
  "persona",
  "person",
  "cerca",
  "find",
  "staff",
  "sedi",
  "sites",
  "disattiva",
  "deactivate",
  "nuovoprogetto",
  "newprogramme",
  "nuovasede",
  "newsite",
];
/** Every command the bot knows, in both languages. */
export const ALL_COMMANDS = [...new Set([...COMMANDS.flatMap((c) => [c.it, c.en]), ...EXTRA_COMMANDS])];

/** The main-menu labels in both languages. */
export const MENU_LABELS = MENU_ITEMS.flatMap((item) => LOCALES.map((locale) => translate(locale, item.key)));

const EMOJI = ["😀", "👨‍👩‍👧‍👦", "🇮🇹", "🏳️‍🌈", "🧑🏽‍⚕️", "❤️", "🔥", "✅", "❌", "🟡", "📋", "⬅️", "\u{1F9EA}", "©️", "1️⃣"];
const RIGHT_TO_LEFT = [
  "مرحبا",
  "بالعالم",
  "شكرا",
  "שלום",
  "עולם",
  "\u202e",
  "\u202b",
  "\u200f",
  "\u061c",
  "١٢:٣٠",
  "٢٠٢٦",
];
const SQL_AND_HTML = [
  "'; DROP TABLE Person; --",
  "1' OR '1'='1",
  '" OR ""="',
  "%",
  "_",
  "%_%",
  "\\",
  "`",
  "' UNION SELECT givenNameEnc FROM Person --",
  "<b>grassetto</b>",
  "<script>alert(1)</script>",
  '<a href="tg://user?id=1">link</a>',
  "&amp;&lt;&gt;",
  "</pre><i>",
  "*grassetto* _corsivo_ `codice` [link](http://x)",
  "{ $name }",
  "{$count}",
  "{",
  "}",
  "$",
];
const TRICKY = [
  "",
  " ",
  "   \n\t ",
  "\u0000",
  "\u0007\u001b[31mrosso",
  "\u200b",
  "\ufeff",
  "\u00ad",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "9007199254740993",
  "-1",
  "0",
  "00:00",
  "24:00",
  "23:60",
  "25.99",
  "31/02",
  "29/02/2025",
  "00/00/0000",
  "99/99",
  "2026-13-45",
  "2026-W99",
  "2026-Q5",
  "domani",
  "Ｂ０Ｌ－０００１",
  "İstanbul",
  "ß",
  "ﬁ",
  "BOL-",
  "-",
  "/",
  "/ annulla",
  "/annulla@ponte_test_bot",
  "/piano@altro_bot BOL-0001",
];

// Just below, at and above the limits of typed fields (names 80, services 120, other actions 500, notes 1,000,
// descriptions 2,000) and of a Telegram message (4,096): what is accepted at the maximum must still fit on screen.
const LENGTHS_AT_LIMITS = [79, 80, 81, 119, 120, 121, 499, 500, 501, 999, 1000, 1001, 1999, 2000, 2001, 4096, 4097];

/** Random text of every awkward kind: empty, up to 5,000 characters, emoji, right-to-left, control, SQL, HTML… */
export function hostileText(): fc.Arbitrary<string> {
  const codePoints = (text: string, length: number) => {
    const points = Array.from(text);
    return Array.from({ length }, (_, i) => points[i % points.length]).join("");
  };
  const words = (pool: string[]) =>
    fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 12 }).map((w) => w.join(" "));
  return fc.oneof(
    fc.constantFrom(...TRICKY, ...SQL_AND_HTML),
    fc
      .tuple(fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }), fc.integer({ min: 4000, max: 5000 }))
      .map(([text, length]) => codePoints(text, length)),
    fc.constantFrom(...LENGTHS_AT_LIMITS).map((length) => `${"parola ".repeat(length)}`.slice(0, length - 1) + "x"),
    words(EMOJI).map((text) => text.replaceAll(" ", "")),
    words(RIGHT_TO_LEFT),
    fc.string({ unit: "binary-ascii", maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc
      .tuple(fc.constantFrom(...ALL_COMMANDS), fc.constantFrom(...TRICKY, ...SQL_AND_HTML))
      .map(([c, a]) => `/${c} ${a}`),
  );
}

/** Answers that some step accepts (dates, times, codes, names, reasons…), so that walks get past typed steps. */
export function plausibleText(fuzzWorld: FuzzWorld): fc.Arbitrary<string> {
  const codes = fuzzWorld.people.map((p) => p.code);
  const names = fuzzWorld.people.flatMap((p) => [p.givenName, p.familyName.slice(0, 4)]);
  return fc.oneof(
    fc.constantFrom(...codes, ...codes.map((c) => c.toLowerCase().replace("-", ""))),
    fc.constantFrom(...names),
    fc.constantFrom(
      "oggi",
      "ieri",
      "12/11",
      "16/11/2026",
      "2026-11-10",
      "1/12/2026",
      "10:30",
      "9.15",
      "07:45",
      "45",
      "90",
      "1h",
      "1985",
      "2001",
      "Colloquio sul rientro in famiglia",
      "Laboratorio nuovo",
      "Spazio Due",
      "spazio-due",
      "Regione Lombardia",
      "XYZ",
      "MIL",
      "2026-W46",
      "46",
      "2026-Q3",
      "Q3 2026",
      "+39 02 7654321",
      "Educatore",
      "settimanale",
      "Emergenza notturna: devo sapere chi chiamare",
      "20/11 20:00",
      "18:00",
    ),
  );
}

export type Input =
  | { kind: "text"; text: string; hostile: boolean }
  /** A button of the latest message with buttons; `forward` skips Back, Cancel and page arrows. */
  | { kind: "tap"; pick: number; forward: boolean }
  /** Made-up callback data, on one of the user's own messages. */
  | { kind: "forged"; data: string; at: number }
  /** Callback data copied from a message the bot sent earlier: to this user (stale) or to someone else. */
  | { kind: "replay"; pick: number; own: boolean; at: number };

/** Callback data shaped like every kind of button the bot makes, with ids that mostly exist, and pure garbage. */
export function forgedCallbackData(fuzzWorld: FuzzWorld): fc.Arbitrary<string> {
  const id = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 1, max: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 2 ** 31, 999_999_999, Number.MAX_SAFE_INTEGER) },
  );
  const date = fc.constantFrom("2026-11-16", "2026-11-17", "2026-11-18", "2099-01-01", "2026-02-30", "0000-00-00");
  const codes = fuzzWorld.people.map((p) => p.code);
  const action = fc.oneof(
    fc.integer({ min: 0, max: 40 }).map((n) => `c${n}`),
    fc.integer({ min: 0, max: 30 }).map((n) => `t${n}`),
    fc.constantFrom("ok", "back", "cancel", "prev", "next", "c-1", "c1e3", "", "cNaN"),
  );
  return fc.oneof(
    fc
      .tuple(fc.stringMatching(/^[a-z0-9]{1,6}$/), fc.integer({ min: 0, max: 15 }), action)
      .map(([run, seq, a]) => `f:${run}:${seq}:${a}`),
    fc.tuple(fc.constantFrom("person", "date", "repeat"), id).map(([mode, n]) => `ses:again:${mode}:${n}`),
    fc.tuple(fc.constantFrom("edit", "note", "coauth", "undo"), id).map(([what, n]) => `ses:${what}:${n}`),
    fc.tuple(id, date).map(([n, d]) => `att:open:${n}:${d}`),
    id.map((n) => `rel:open:${n}`),
    id.map((n) => `rel:fc:${n}`),
    fc
      .tuple(fc.constantFrom("card", "goals", "net", "hist", "name", "edit"), id)
      .map(([what, n]) => `plan:${what}:${n}`),
    fc.constantFrom(...codes, "ZZZ-9999", "BOL-999999").map((code) => `plan:bg:${code}`),
    fc.tuple(fc.constantFrom("ack", "show", "note", "close"), id).map(([what, n]) => `ev:${what}:${n}`),
    fc.constantFrom("lang:it", "lang:en", "lang:xx", "lang:", "att:open::", "rel:open:", "ses:undo:", "plan:card:1:2"),
    fc.string({ unit: "binary", maxLength: 64 }),
  );
}

/** One button of every kind the bot makes outside flows, about seeded records (as staff are sent them). */
export function everyKindOfButton(fuzzWorld: FuzzWorld, today: string): string[] {
  const [session] = fuzzWorld.sessionIds;
  const [event] = fuzzWorld.eventIds;
  const [activity] = fuzzWorld.activityIds;
  const person = fuzzWorld.people[0] as SecretPerson;
  return [
    ...["person", "date", "repeat"].map((mode) => `ses:again:${mode}:${session}`),
    ...["edit", "note", "coauth", "undo"].map((what) => `ses:${what}:${session}`),
    `att:open:${activity}:${today}`,
    ...["card", "goals", "net", "hist", "name", "edit"].map((what) => `plan:${what}:${person.id}`),
    `plan:bg:${person.code}`,
    ...["ack", "show", "note", "close"].map((what) => `ev:${what}:${event}`),
    "lang:it",
    "lang:en",
  ];
}

/** The inputs of a run: mostly taps that move flows forward, then hostile text and buttons at whatever step it is. */
export function inputArbitrary(fuzzWorld: FuzzWorld): fc.Arbitrary<Input> {
  const command = fc
    .tuple(fc.constantFrom(...ALL_COMMANDS), fc.option(plausibleText(fuzzWorld), { nil: undefined }))
    .map(([name, arg]) => (arg ? `/${name} ${arg}` : `/${name}`));
  return fc.oneof(
    { weight: 3, arbitrary: command.map((text): Input => ({ kind: "text", text, hostile: false })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...MENU_LABELS).map((text): Input => ({ kind: "text", text, hostile: false })),
    },
    { weight: 6, arbitrary: fc.nat(40).map((pick): Input => ({ kind: "tap", pick, forward: true })) },
    { weight: 1, arbitrary: fc.nat(40).map((pick): Input => ({ kind: "tap", pick, forward: false })) },
    {
      weight: 3,
      arbitrary: plausibleText(fuzzWorld).map((text): Input => ({ kind: "text", text, hostile: false })),
    },
    { weight: 4, arbitrary: hostileText().map((text): Input => ({ kind: "text", text, hostile: true })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(forgedCallbackData(fuzzWorld), fc.nat(20))
        .map(([data, at]): Input => ({ kind: "forged", data, at })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.nat(10_000), fc.boolean(), fc.nat(20))
        .map(([pick, own, at]): Input => ({ kind: "replay", pick, own, at })),
    },
  );
}

/** What someone probing for data types: codes (as written or not), name fragments, words of plans and notes. */
export function probeText(fuzzWorld: FuzzWorld): fc.Arbitrary<string> {
  const { people } = fuzzWorld;
  return fc.oneof(
    fc.constantFrom(...people.map((p) => p.code)),
    fc.constantFrom(...people.map((p) => p.code.toLowerCase().replace("-", ""))),
    fc
      .constantFrom(...people.flatMap((p) => [p.givenName, p.familyName]))
      .chain((name) => fc.integer({ min: 2, max: name.length }).map((n) => name.slice(0, n))),
    fc.constantFrom(...people.flatMap((p) => p.tokens)),
    hostileText(),
  );
}

/** What an outsider tries: every command with probes, menu buttons, taps, forged buttons, buttons copied from staff. */
export function attackArbitrary(fuzzWorld: FuzzWorld): fc.Arbitrary<Input> {
  const probe = probeText(fuzzWorld);
  const command = fc
    .tuple(fc.constantFrom(...ALL_COMMANDS), fc.option(probe, { nil: undefined }))
    .map(([name, arg]) => (arg ? `/${name} ${arg}` : `/${name}`));
  const text = (arbitrary: fc.Arbitrary<string>) =>
    arbitrary.map((t): Input => ({ kind: "text", text: t, hostile: true }));
  return fc.oneof(
    { weight: 4, arbitrary: text(command) },
    { weight: 1, arbitrary: text(fc.constantFrom(...MENU_LABELS)) },
    { weight: 2, arbitrary: text(probe) },
    { weight: 2, arbitrary: text(plausibleText(fuzzWorld)) },
    { weight: 3, arbitrary: fc.nat(40).map((pick): Input => ({ kind: "tap", pick, forward: true })) },
    { weight: 1, arbitrary: fc.nat(40).map((pick): Input => ({ kind: "tap", pick, forward: false })) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(forgedCallbackData(fuzzWorld), fc.nat(20))
        .map(([data, at]): Input => ({ kind: "forged", data, at })),
    },
    {
      weight: 5,
      arbitrary: fc
        .tuple(fc.nat(100_000), fc.nat(20))
        .map(([pick, at]): Input => ({ kind: "replay", pick, own: false, at })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.nat(100_000), fc.nat(20))
        .map(([pick, at]): Input => ({ kind: "replay", pick, own: true, at })),
    },
  );
}

export const isHostile = (input: Input) =>
  (input.kind === "text" && input.hostile) || input.kind === "forged" || input.kind === "replay";

// ---- delivering inputs ----------------------------------------------------------------------------------------

interface InlineButtonBody {
  text?: string;
  callback_data?: string;
}
type Markup = { inline_keyboard?: InlineButtonBody[][] } | undefined;

/** Every button the bot has sent anyone, collected from the Bot API calls (so edited keyboards count too). */
export class ButtonPool {
  readonly entries: { data: string; chatId: string }[] = [];
  private readonly seen = new Set<string>();
  private scanned = 0;

  constructor(private readonly emulator: BotApiEmulator) {}

  refresh(): void {
    const calls = this.emulator.calls;
    for (; this.scanned < calls.length; this.scanned++) {
      const { body } = calls[this.scanned] as ApiCall;
      const chatId = String(body.chat_id ?? "");
      for (const button of ((body.reply_markup as Markup)?.inline_keyboard ?? []).flat()) {
        const data = button.callback_data;
        if (!data || this.seen.has(`${chatId}|${data}`)) continue;
        this.seen.add(`${chatId}|${data}`);
        this.entries.push({ data, chatId });
      }
    }
  }

  pick(index: number, filter: (entry: { chatId: string }) => boolean): string | null {
    this.refresh();
    const candidates = this.entries.filter(filter);
    return candidates.length === 0 ? null : (candidates[index % candidates.length] as { data: string }).data;
  }
}

/** Flow buttons that move nowhere new: Back, Cancel, page arrows. */
export const NAVIGATION = /:(back|cancel|prev|next)$/;

/**
 * Delivers one input as `user`; returns the text typed (replies may echo it), or null for a button.
 * `othersChat` says whose buttons a replay of someone else's copies (by default: anyone else's).
 */
export async function deliver(
  user: ChatUser,
  input: Input,
  pool: ButtonPool,
  othersChat: (chatId: string) => boolean = (chatId) => chatId !== String(user.chatId),
): Promise<string | null> {
  const messages = user.messages();
  const messageAt = (at: number) => messages[at % Math.max(messages.length, 1)]?.messageId ?? null;
  switch (input.kind) {
    case "text":
      await user.send(input.text);
      return input.text;
    case "tap": {
      const latest = messages.findLast((m) => m.buttons.flat().some((b) => b.callback_data));
      const buttons = (latest?.buttons.flat() ?? []).filter(
        (b) => b.callback_data && !(input.forward && NAVIGATION.test(b.callback_data)),
      );
      const button = buttons[input.pick % Math.max(buttons.length, 1)];
      if (!latest || !button?.callback_data) {
        await user.send("/aiuto");
        return "/aiuto";
      }
      await user.sendCallback(button.callback_data, latest.messageId);
      return null;
    }
    case "forged":
    case "replay": {
      const data =
        input.kind === "forged"
          ? input.data
          : pool.pick(input.pick, (entry) =>
              input.own ? entry.chatId === String(user.chatId) : othersChat(entry.chatId),
            );
      // A real button always sits on a real message of the chat: without one, there is nothing to tap yet.
      const messageId = messageAt(input.at);
      if (data === null || messageId === null) {
        await user.send("/start");
        return "/start";
      }
      await user.sendCallback(data, messageId);
      return null;
    }
  }
}

// ---- what real Telegram refuses -------------------------------------------------------------------------------

const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
const POPUP_LIMIT = 200;
const CALLBACK_DATA_LIMIT = 64;

interface StoredMessage {
  messageId: number;
  message: { chat_id: number | string; text?: string; reply_markup?: Markup };
}

const keyboardOf = (markup: Markup) => JSON.stringify(markup?.inline_keyboard?.filter((row) => row.length > 0) ?? []);

/** Why Telegram would answer this call with 400 Bad Request, or null if it would accept it. */
function telegramRefusal(emulator: BotApiEmulator, call: ApiCall, answered: Set<string>): string | null {
  const { method, body } = call;
  const markup = body.reply_markup as Markup;
  for (const button of markup?.inline_keyboard?.flat() ?? []) {
    if (!button.text?.trim()) return "BUTTON_TEXT_EMPTY";
    const data = button.callback_data;
    if (data !== undefined && (data.length === 0 || Buffer.byteLength(data) > CALLBACK_DATA_LIMIT))
      return "BUTTON_DATA_INVALID";
  }
  if (method === "sendMessage" || method === "editMessageText") {
    const text = String(body.text ?? "");
    if (text.trim() === "") return "message text is empty";
    if (text.length > TEXT_LIMIT) return "message is too long";
  }
  if ((method === "sendPhoto" || method === "sendDocument") && String(body.caption ?? "").length > CAPTION_LIMIT)
    return "message caption is too long";
  if (method === "editMessageText" || method === "editMessageReplyMarkup") {
    const stored = (emulator.server.storage.botMessages as unknown as StoredMessage[]).find(
      (m) => String(m.messageId) === String(body.message_id) && String(m.message.chat_id) === String(body.chat_id),
    );
    if (!stored) return "message to edit not found";
    const sameText = method === "editMessageReplyMarkup" || stored.message.text === body.text;
    if (sameText && keyboardOf(stored.message.reply_markup) === keyboardOf(markup)) return "message is not modified";
    // telegram-test-api keeps the keyboard when it is removed: do what Telegram does.
    if (method === "editMessageReplyMarkup" && !markup?.inline_keyboard)
      stored.message.reply_markup = { inline_keyboard: [] };
  }
  if (method === "answerCallbackQuery") {
    const id = String(body.callback_query_id);
    if (answered.has(id)) return "query is too old and response timeout expired or query ID is invalid";
    answered.add(id);
    if (String(body.text ?? "").length > POPUP_LIMIT) return "MESSAGE_TOO_LONG";
  }
  return null;
}

/** Makes the emulator refuse what Telegram refuses (too long, not modified, answered twice…); returns the refusals. */
export function refuseLikeTelegram(emulator: BotApiEmulator): string[] {
  const refusals: string[] = [];
  const answered = new Set<string>();
  emulator.faults = (call): Fault | null => {
    const problem = telegramRefusal(emulator, call, answered);
    if (!problem) return null;
    refusals.push(`${call.method}: ${problem}`);
    return { status: 400, description: `Bad Request: ${problem}` };
  };
  return refusals;
}

// ---- checks on what the bot said ------------------------------------------------------------------------------

const SENDS = new Set(["sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "sendDocument"]);

/** The Bot API calls of one input: what went to `chatId`, and the pop-ups (callback answers). */
export function callsFor(calls: ApiCall[], chatId: number) {
  const toChat = calls.filter((c) => SENDS.has(c.method) && String(c.body.chat_id) === String(chatId));
  const popups = calls.filter((c) => c.method === "answerCallbackQuery");
  return { toChat, popups };
}

/** Every text a call shows: message text, caption, button labels, pop-up text. */
export function textsOf(call: ApiCall): string[] {
  const { body } = call;
  const labels = ((body.reply_markup as Markup)?.inline_keyboard ?? []).flat().map((b) => b.text ?? "");
  return [body.text, body.caption, ...labels].filter((t): t is string => typeof t === "string" && t !== "");
}

// A Fluent id or variable the bot failed to fill in ("{session-saved}", "{$name}"), or a value printed raw.
const UNLOCALISED = /\{\$?[a-z][\w-]*\}|\bundefined\b|\bNaN\b|\[object Object\]|Invalid Date|\bnull\b/g;

/** Fragments of `text` that betray a missing translation or a raw value (ignoring what the user typed). */
export function unlocalisedFragments(text: string, typed: string): string[] {
  return (text.match(UNLOCALISED) ?? []).filter((fragment) => !typed.includes(fragment));
}

// ---- database invariants --------------------------------------------------------------------------------------

function actorOf(staff: {
  id: number;
  memberships: { role: string; siteId: number | null; programmeId: number | null }[];
}): Actor {
  const memberships: MembershipGrant[] = staff.memberships.flatMap((m) =>
    isRole(m.role) ? [{ role: m.role, siteId: m.siteId, programmeId: m.programmeId }] : [],
  );
  // Judged by the roles held (deactivation may come after a legitimate write).
  return { staffId: staff.id, active: true, memberships };
}

/** Everything that must hold in the database whatever users typed or tapped; returns what does not. */
export async function invariantViolations(deps: ServiceDeps): Promise<string[]> {
  const { db } = deps;
  const today = localDate(deps.clock(), deps.timeZone);
  const [people, activePlans, sessions, enrolments, staff, sites, events] = await Promise.all([
    db.person.findMany({
      select: { id: true, code: true, intakeOn: true, dischargeOn: true, sites: { select: { siteId: true } } },
    }),
    db.plan.findMany({ where: { status: "active" }, select: { personId: true } }),
    db.session.findMany({
      select: {
        id: true,
        siteId: true,
        kind: true,
        activityId: true,
        occurredOn: true,
        groupKey: true,
        voidedAt: true,
        authorId: true,
        operators: { select: { staffId: true } },
        attendance: { select: { personId: true, status: true } },
        goals: { select: { goal: { select: { plan: { select: { personId: true } } } } } },
      },
    }),
    db.rosterEnrollment.findMany({ select: { activityId: true, personId: true, enrolledOn: true, withdrawnOn: true } }),
    db.staff.findMany({
      select: { id: true, memberships: { select: { role: true, siteId: true, programmeId: true } } },
    }),
    db.site.findMany({ select: { id: true, programmeId: true } }),
    db.criticalEvent.findMany({
      select: { id: true, siteId: true, occurredOn: true, reporterId: true, people: { select: { personId: true } } },
    }),
  ]);
  const violations: string[] = [];
  const personById = new Map(people.map((p) => [p.id, p]));
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const actorById = new Map(staff.map((s) => [s.id, actorOf(s)]));
  const canAt = (staffId: number, siteId: number, roles: readonly ("operator" | "coordinator" | "on_call")[]) => {
    const actor = actorById.get(staffId);
    const site = siteById.get(siteId);
    return Boolean(actor && site && hasRoleAt(actor, site, roles));
  };
  const inScopeOf = (staffId: number, personId: number, roles: readonly ("operator" | "coordinator" | "on_call")[]) =>
    (personById.get(personId)?.sites ?? []).some((s) => canAt(staffId, s.siteId, roles));

  for (const person of people) if (person.sites.length === 0) violations.push(`person ${person.code} has no site`);
  const planCounts = new Map<number, number>();
  for (const { personId } of activePlans) planCounts.set(personId, (planCounts.get(personId) ?? 0) + 1);
  for (const [personId, count] of planCounts)
    if (count > 1) violations.push(`person ${personId} has ${count} active plans`);

  const liveGroupKeys = new Set<string>();
  for (const session of sessions) {
    const where = `session ${session.id}`;
    if (session.occurredOn > today) violations.push(`${where} is in the future (${session.occurredOn})`);
    for (const staffId of [session.authorId, ...session.operators.map((o) => o.staffId)])
      if (!canAt(staffId, session.siteId, ["operator", "coordinator"]))
        violations.push(`${where} is at site ${session.siteId}, where staff ${staffId} does not log`);
    if (session.voidedAt && session.groupKey) violations.push(`${where} is voided but keeps its group key`);
    if (session.kind === "group_activity" && !session.voidedAt) {
      const expected = `${session.activityId}:${session.occurredOn}`;
      if (session.groupKey !== expected) violations.push(`${where} has group key ${session.groupKey}, not ${expected}`);
      if (liveGroupKeys.has(expected)) violations.push(`two live sessions for ${expected}`);
      liveGroupKeys.add(expected);
    }
    for (const row of session.attendance) {
      const person = personById.get(row.personId);
      if (!person || !inScopeOf(session.authorId, row.personId, ["operator", "coordinator"]))
        violations.push(`${where} has attendance of person ${row.personId}, outside its author's scope`);
      else if (!isInCharge(person, session.occurredOn))
        violations.push(`${where} has attendance of ${person.code}, not in charge on ${session.occurredOn}`);
      if (session.kind !== "group_activity" || row.status === "withdrawn") continue;
      const enrolled = enrolments.some(
        (e) =>
          e.activityId === session.activityId &&
          e.personId === row.personId &&
          e.enrolledOn <= session.occurredOn &&
          (e.withdrawnOn === null || e.withdrawnOn > session.occurredOn),
      );
      if (!enrolled)
        violations.push(`${where} has attendance of person ${row.personId}, not enrolled on ${session.occurredOn}`);
    }
    const sessionPeople = new Set(session.attendance.map((a) => a.personId));
    for (const { goal } of session.goals)
      if (!sessionPeople.has(goal.plan.personId)) violations.push(`${where} serves a goal of someone else's plan`);
  }
  for (const event of events) {
    const where = `event ${event.id}`;
    if (event.occurredOn > today) violations.push(`${where} is in the future`);
    if (!canAt(event.reporterId, event.siteId, ["operator", "coordinator", "on_call"]))
      violations.push(`${where} is at a site where its reporter does not work`);
    for (const { personId } of event.people)
      if (!inScopeOf(event.reporterId, personId, ["operator", "coordinator", "on_call"]))
        violations.push(`${where} names person ${personId}, outside its reporter's scope`);
  }
  return violations;
}

/** Row counts of everything a user can cause to be written: unchanged after a stranger's visit. */
export async function writeCounts(deps: ServiceDeps): Promise<Record<string, number>> {
  const { db } = deps;
  const counts = await Promise.all([
    db.staff.count(),
    db.staff.count({ where: { active: true } }),
    db.membership.count(),
    db.invite.count({ where: { usedAt: { not: null } } }),
    db.person.count(),
    db.plan.count(),
    db.session.count(),
    db.session.count({ where: { voidedAt: { not: null } } }),
    db.attendance.count(),
    db.criticalEvent.count(),
    db.eventAcknowledgement.count(),
    db.eventFollowUp.count(),
    db.breakGlassGrant.count(),
    db.auditEntry.count(),
    db.delivery.count(),
    db.chatState.count(),
    db.onCallShift.count(),
    db.activity.count(),
    db.rosterEnrollment.count(),
  ]);
  const names =
    "staff activeStaff memberships usedInvites people plans sessions voidedSessions attendance events acknowledgements followUps breakGlassGrants auditEntries deliveries chatStates shifts activities enrolments";
  return Object.fromEntries(names.split(" ").map((name, index) => [name, counts[index] as number]));
}

/** Staff the fuzz may deactivate (through /disattiva), made active again so later runs still have them. */
export async function reactivate(deps: ServiceDeps, staffIds: number[]): Promise<void> {
  await deps.db.staff.updateMany({
    where: { id: { in: staffIds }, active: false },
    data: { active: true, deactivatedAt: null },
  });
}
