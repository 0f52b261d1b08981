// Crash campaign: `npm start` as a child process runs scripted flows (/persona, /sessione, /presenze, /evento) and
// is SIGKILLed at random points: before its reply, in the middle of it (at one of its Bot API calls) or after it.
// After each kill it is restarted and the script goes on where the user was. Sometimes the user walks away after a
// kill and reopens the flow later: the unfinished entry must be offered as a draft. At the end every confirmed
// entry must be in the database exactly once and as typed; nothing else may have been written.
import { formatDuration } from "../../src/domain/durations.ts";
import { translate } from "../../src/i18n.ts";
import { seededRandom } from "../../bench/generate.ts";
import { addDaysIso, type IsoDate, localDate } from "../../src/domain/weeks.ts";
import { type BotApiEmulator, startBotApiEmulator } from "../../src/local/bot-api-emulator.ts";
import { type BotMessage, ChatUser, type UserProfile } from "../../src/local/chat-user.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { addActivity, addBollatePeople, type SeededActivity, type SeededPerson } from "./activity-fixtures.ts";
import { createTestClock, createTestDatabase, createTestDeps, TEST_KEY, type TestDatabase } from "./database.ts";
import { seedWorld, USERS, type World } from "./fixtures.ts";
import { BOT_TOKEN } from "./harness.ts";
import { allHandled, type BotProcess, PROCESS_CLOCK_START, spawnBot, waitForReady } from "./process.ts";

export interface CampaignOptions {
  seed: number;
  /** Kills to perform; once reached, the scripts under way finish without further kills. */
  kills: number;
  /** Scripts to complete at least (the campaign also runs until all kills are done). */
  minScripts?: number;
  /** Chance that a user action is followed by a kill. */
  killChance: number;
  /** Chance that, after a kill, the user leaves the flow and reopens it after the next script. */
  abandonChance: number;
}

export interface CampaignFigures {
  seed: number;
  kills: number;
  killsBeforeReply: number;
  killsDuringReply: number;
  killsAfterReply: number;
  scripts: number;
  actions: number;
  /** Confirmed entries looked up in the database at the end. */
  entriesChecked: number;
  lost: number;
  duplicated: number;
  /** Found once, but not as the user entered it. */
  altered: number;
  draftsOffered: number;
  durationMs: number;
  /** Everything that went wrong, in words (empty when the campaign passed). */
  problems: string[];
}

type Action = { kind: "send" | "press" | "tap"; text: string };
const send = (text: string): Action => ({ kind: "send", text });
const press = (text: string): Action => ({ kind: "press", text });
const tap = (text: string): Action => ({ kind: "tap", text });
/** A button named by its translation key (the campaign's users speak Italian). */
const tapKey = (key: string, params?: Record<string, string | number>) => tap(translate("it", key, params));
const pressKey = (key: string) => press(translate("it", key));

type Kind = "person" | "session" | "attendance" | "event";
const KINDS: readonly Kind[] = ["person", "session", "attendance", "event"];

interface Script {
  kind: Kind;
  name: string;
  user: ChatUser;
  /** The command or menu button that opens the flow. */
  open: Action;
  /** One group of actions per draft step: a reopened draft resumes at the group under way. */
  groups: Action[][];
  /** The closing message of a saved entry. */
  saved: RegExp;
  /** The entry as it should be stored, in the same words as `stored`. */
  expected: string;
  /** Entries carrying this script's unique marker (name, note, description, activity and date), described. */
  stored(): Promise<string[]>;
  /** What the user did and when the bot was killed, for the report of a failed check. */
  trace: string[];
}

interface Progress {
  script: Script;
  /** Groups fully sent and handled. */
  done: number;
  reopened: boolean;
}

const DRAFT_OFFER = "Hai una registrazione non finita";
const ALREADY_SAVED = "era già stata salvata";
const SETTLE_LIMIT_MS = 120_000;
const SETTLE_POLL_MS = 20;
const LATEST_MESSAGES = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const GIVEN_NAMES = ["Marisa", "Teodoro", "Ines", "Bruno", "Nadia", "Ettore", "Livia", "Osvaldo"];
const LEGAL = ["detained", "probation_map", "home_detention"] as const;
const FRAGILITIES = ["psychiatric", "addiction", "homeless"] as const;
const SESSION_KINDS = [
  "individual_educational",
  "individual_psychological",
  "phone_contact",
  "home_visit",
  "mediation",
] as const;
const EVENT_KINDS = ["protest", "damage", "family_crisis"] as const;
const SEVERITIES = [1, 2, 3] as const;
const NOTIFIED = ["penitentiary_police", "serd", "family"] as const;
const ACTIVITY_NAMES = ["Ceramica", "Teatro", "Orto sociale", "Musica", "Lettura", "Scacchi"];

/** "ab", "ac", …: unique family-name suffixes made of letters only (names refuse digits). */
function letters(index: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz";
  return `${alphabet[Math.floor(index / 26) % 26]}${alphabet[index % 26]}`;
}

export class CrashCampaign {
  private bot: BotProcess | null = null;
  private readonly random: () => number;
  private waitForReplies = true;
  private readonly figures: CampaignFigures;
  private readonly confirmed: Script[] = [];
  private readonly users: { coordinator: ChatUser; operator: ChatUser };
  private attendanceIndex = 0;
  /** Updates sent and not yet seen handled. */
  private unsettled: number[] = [];

  private constructor(
    private readonly options: CampaignOptions,
    private readonly emulator: BotApiEmulator,
    private readonly database: TestDatabase,
    private readonly deps: ServiceDeps,
    private readonly world: World,
    private readonly roster: SeededPerson[],
    private readonly activities: SeededActivity[],
  ) {
    this.random = seededRandom(options.seed);
    this.figures = {
      seed: options.seed,
      kills: 0,
      killsBeforeReply: 0,
      killsDuringReply: 0,
      killsAfterReply: 0,
      scripts: 0,
      actions: 0,
      entriesChecked: 0,
      lost: 0,
      duplicated: 0,
      altered: 0,
      draftsOffered: 0,
      durationMs: 0,
      problems: [],
    };
    const user = (profile: UserProfile) =>
      new ChatUser(emulator, BOT_TOKEN, profile, (updateId) => this.afterDelivery(updateId));
    this.users = { coordinator: user(USERS.coordinator), operator: user(USERS.operator) };
  }

  /** A fresh database seeded in this process (same ENCRYPTION_KEY as the child), an emulator, no bot yet. */
  static async prepare(options: CampaignOptions): Promise<CrashCampaign> {
    const emulator = await startBotApiEmulator({ replays: true });
    const database = await createTestDatabase();
    const deps = createTestDeps(database.db, createTestClock(PROCESS_CLOCK_START));
    const world = await seedWorld(deps);
    const roster = await addBollatePeople(deps, world, 4);
    const activities: SeededActivity[] = [];
    for (const name of ACTIVITY_NAMES) {
      activities.push(await addActivity(deps, world, { name, roster, facilitatorIds: [world.staff.operator.id] }));
    }
    return new CrashCampaign(options, emulator, database, deps, world, roster, activities);
  }

  async run(): Promise<CampaignFigures> {
    const started = Date.now();
    await this.startBot();
    let parked: Progress | null = null;
    for (let index = 0; this.figures.kills < this.options.kills || index < (this.options.minScripts ?? 0); index++) {
      const kind = KINDS[index % KINDS.length] as Kind;
      const progress: Progress = { script: this.newScript(kind, index), done: 0, reopened: false };
      const left = await this.play(progress, parked === null);
      if (left) {
        parked = progress;
        continue;
      }
      if (parked) {
        await this.reopen(parked);
        parked = null;
      }
    }
    if (parked) await this.reopen(parked);
    await this.checkDatabase();
    this.figures.durationMs = Date.now() - started;
    return this.figures;
  }

  async stop(): Promise<void> {
    if (this.bot) {
      this.bot.child.kill("SIGKILL");
      await this.bot.exited;
    }
    await this.emulator.stop();
    await this.database.drop();
  }

  // ---- scripts ------------------------------------------------------------------------------------------------

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  /** The bot's day: its clock starts at PROCESS_CLOCK_START, hours before midnight even for the long campaign. */
  private today(): IsoDate {
    return localDate(new Date(PROCESS_CLOCK_START), "Europe/Rome");
  }

  private newScript(kind: Kind, index: number): Script {
    if (kind === "person") return this.personScript(index);
    if (kind === "session") return this.sessionScript(index);
    if (kind === "attendance") return this.attendanceScript(index);
    return this.eventScript(index);
  }

  private personScript(index: number): Script {
    const { db, cipher } = this.deps;
    const givenName = this.pick(GIVEN_NAMES);
    const familyName = `Prova${letters(index)}`;
    const birthYear = this.random() < 0.5 ? null : 1960 + Math.floor(this.random() * 40);
    const legalStatus = this.pick(LEGAL);
    const fragilities = FRAGILITIES.filter(() => this.random() < 0.3);
    const today = this.today();
    const describe = (p: { birthYear: number | null; legalStatus: string; fragilities: string[]; intakeOn: string }) =>
      JSON.stringify({ ...p, fragilities: [...p.fragilities].sort() });
    return {
      kind: "person",
      name: `person #${index} (${givenName} ${familyName})`,
      user: this.users.coordinator,
      open: this.random() < 0.5 ? send("/persona") : send("/person"),
      groups: [
        [send(givenName)],
        [send(familyName)],
        [birthYear === null ? tapKey("flow-skip") : send(String(birthYear))],
        [tapKey(`legal-${legalStatus}`)],
        [...fragilities.map((flag) => tapKey(`fragility-${flag}`)), tapKey("flow-confirm")],
        [tapKey("date-today")],
      ],
      saved: new RegExp(`Persona registrata: BOL-\\d{4} · ${givenName} P\\.`),
      expected: describe({ birthYear, legalStatus, fragilities: [...fragilities], intakeOn: today }),
      trace: [],
      async stored() {
        const people = await db.person.findMany({ include: { fragilities: true, legalStatuses: true } });
        return people
          .filter(
            (p) =>
              cipher.decrypt(p.givenNameEnc, "Person.givenNameEnc", p.id) === givenName &&
              cipher.decrypt(p.familyNameEnc, "Person.familyNameEnc", p.id) === familyName,
          )
          .map((p) =>
            describe({
              birthYear: p.birthYear,
              legalStatus: p.legalStatuses.map((period) => period.status).join(","),
              fragilities: p.fragilities.map((f) => f.flag),
              intakeOn: p.intakeOn,
            }),
          );
      },
    };
  }

  private sessionScript(index: number): Script {
    const { db, cipher } = this.deps;
    const person = this.pick(this.world.people.filter((p) => p.siteId === this.world.bollate.id));
    const kind = this.pick(SESSION_KINDS);
    const yesterday = this.random() < 0.5;
    const minutes = this.pick([30, 45, 60, 90]);
    const note = `Prova di crash ${index}: colloquio sul lavoro in cucina`;
    const expectedDay = addDaysIso(this.today(), yesterday ? -1 : 0);
    const describe = (s: { personIds: number[]; kind: string; occurredOn: string; durationMinutes: number }) =>
      JSON.stringify(s);
    return {
      kind: "session",
      name: `session #${index} (${person.code}, ${kind})`,
      user: this.users.operator,
      open: this.random() < 0.5 ? send("/sessione") : pressKey("menu-session"),
      groups: [
        [send(person.code)],
        [tapKey(`session-kind-${kind}`)],
        [tapKey(yesterday ? "date-yesterday" : "date-today")],
        [tap(formatDuration(minutes))],
        [send(note)],
      ],
      saved: new RegExp(`✅ Sessione salvata: ${person.code} · `),
      expected: describe({ personIds: [person.id], kind, occurredOn: expectedDay, durationMinutes: minutes }),
      trace: [],
      async stored() {
        const sessions = await db.session.findMany({
          where: { noteEnc: { not: null } },
          include: { attendance: true },
        });
        return sessions
          .filter((s) => cipher.decrypt(s.noteEnc as string, "Session.noteEnc", s.id) === note)
          .map((s) =>
            describe({
              personIds: s.attendance.map((a) => a.personId),
              kind: s.kind,
              occurredOn: s.occurredOn,
              durationMinutes: s.durationMinutes,
            }),
          );
      },
    };
  }

  private attendanceScript(index: number): Script {
    const { db } = this.deps;
    // Each script logs its own occurrence: activity and day never repeat.
    const slot = this.attendanceIndex++;
    const activity = this.activities[slot % this.activities.length] as SeededActivity;
    const occurredOn = addDaysIso(this.today(), -1 - Math.floor(slot / this.activities.length));
    const [year, month, day] = occurredOn.split("-");
    const statuses: Record<string, string> = Object.fromEntries(this.roster.map((p) => [String(p.id), "present"]));
    const toggles: Action[] = [];
    for (const person of this.roster) {
      const taps = Math.floor(this.random() * 3);
      for (let n = 0; n < taps; n++) toggles.push(tap(person.code));
      statuses[String(person.id)] = ["present", "absent", "excused"][taps] as string;
    }
    const describe = (s: Record<string, string>) =>
      JSON.stringify(Object.entries(s).sort(([a], [b]) => a.localeCompare(b)));
    return {
      kind: "attendance",
      name: `attendance #${index} (${activity.name}, ${occurredOn})`,
      user: this.users.operator,
      open: this.random() < 0.5 ? send("/presenze") : pressKey("menu-attendance"),
      groups: [[tap(activity.name)], [send(`${day}/${month}/${year}`)], [...toggles, tapKey("flow-confirm")]],
      saved: new RegExp(`✅ Presenze salvate: ${activity.name}, `),
      expected: describe(statuses),
      trace: [],
      async stored() {
        const sessions = await db.session.findMany({
          where: { activityId: activity.id, occurredOn },
          include: { attendance: true },
        });
        return sessions.map((s) =>
          describe(Object.fromEntries(s.attendance.map((a) => [String(a.personId), a.status]))),
        );
      },
    };
  }

  private eventScript(index: number): Script {
    const { db, cipher } = this.deps;
    const kind = this.pick(EVENT_KINDS);
    const severity = this.pick(SEVERITIES);
    const notified = NOTIFIED.filter(() => this.random() < 0.3);
    const description = `Prova di crash ${index}: lite in sezione durante il laboratorio`;
    const reporterId = this.world.staff.operator.id;
    const describe = (e: { kind: string; severity: number; notified: string[]; people: number; reporterId: number }) =>
      JSON.stringify({ ...e, notified: [...e.notified].sort() });
    return {
      kind: "event",
      name: `event #${index} (${kind}, severity ${severity})`,
      user: this.users.operator,
      open: this.random() < 0.5 ? send("/evento") : pressKey("menu-event"),
      groups: [
        [tapKey("events-people-nobody")],
        [tapKey(`events-kind-${kind}`)],
        [tapKey("events-severity-choice", { severity, label: translate("it", `events-severity-${severity}`) })],
        [send(description)],
        // The confirmation screen is not a draft step: a reopened draft shows the step before it again.
        [
          ...notified.map((code) => tapKey(`events-notified-${code}`)),
          tapKey("flow-confirm"),
          tapKey("events-confirm-send"),
        ],
      ],
      saved: /✅ Evento #\d+ registrato/,
      expected: describe({ kind, severity, notified: [...notified], people: 0, reporterId }),
      trace: [],
      async stored() {
        const events = await db.criticalEvent.findMany({ include: { people: true } });
        return events
          .filter((e) => cipher.decrypt(e.descriptionEnc, "CriticalEvent.descriptionEnc", e.id) === description)
          .map((e) =>
            describe({
              kind: e.kind,
              severity: e.severity,
              notified: e.notifiedCodes.split(",").filter(Boolean),
              people: e.people.length,
              reporterId: e.reporterId,
            }),
          );
      },
    };
  }

  // ---- playing ------------------------------------------------------------------------------------------------

  /** Plays a script from where it stands; returns true if the user walked away after a kill (draft left). */
  private async play(progress: Progress, mayLeave: boolean): Promise<boolean> {
    const { script } = progress;
    if (progress.done === 0 && !progress.reopened) await this.perform(script, script.open);
    while (progress.done < script.groups.length) {
      const group = script.groups[progress.done] as Action[];
      let killed = false;
      for (const action of group) killed = (await this.perform(script, action)) || killed;
      progress.done++;
      const finished = progress.done === script.groups.length;
      if (killed && !finished && this.decideToLeave(mayLeave && !progress.reopened)) {
        await this.perform(script, send("/aiuto"));
        return true;
      }
    }
    const shown = this.latest(script.user).some((m) => script.saved.test(m.text) || m.text.includes(ALREADY_SAVED));
    if (!shown) {
      this.problem(
        `${script.name}: no confirmation shown; latest: ${this.describeLatest(script.user)}; ${script.trace.join(", ")}`,
      );
    }
    this.figures.scripts++;
    this.confirmed.push(script);
    return false;
  }

  private decideToLeave(allowed: boolean): boolean {
    const roll = this.random();
    return allowed && roll < this.options.abandonChance;
  }

  /** The user comes back to a flow left after a kill: nothing saved meanwhile, the draft offered and resumed. */
  private async reopen(progress: Progress): Promise<void> {
    const { script } = progress;
    const early = await script.stored();
    if (early.length > 0) this.problem(`${script.name}: saved although the user never confirmed it`);
    await this.perform(script, script.open);
    if (!this.latest(script.user).some((m) => m.text.includes(DRAFT_OFFER))) {
      throw new Error(
        `seed ${this.options.seed}, ${script.name}: no draft offered on reopening; latest: ${this.describeLatest(script.user)}`,
      );
    }
    this.figures.draftsOffered++;
    await this.perform(script, tapKey("flow-draft-resume"));
    progress.reopened = true;
    await this.play(progress, false);
  }

  /**
   * Sends one action and may kill the bot: before its reply (0–300 ms after sending), during it (at its first or
   * second Bot API call for this user, held open) or after it. Returns whether a kill happened.
   */
  private async perform(script: Script, action: Action): Promise<boolean> {
    const user = script.user;
    this.figures.actions++;
    script.trace.push(`${action.kind} ${action.text}`);
    const killRoll = this.random();
    const whenRoll = this.random();
    const delayMs = Math.floor(this.random() * 300);
    const heldCall = 1 + Math.floor(this.random() * 2);
    if (this.figures.kills >= this.options.kills || killRoll >= this.options.killChance) {
      await this.deliver(user, action);
      return false;
    }
    if (whenRoll < 1 / 3) {
      await this.deliver(user, action, { wait: false });
      await sleep(delayMs);
      this.figures.killsBeforeReply++;
      script.trace.push(`✝ ${delayMs} ms after sending`);
    } else if (whenRoll < 2 / 3) {
      let calls = 0;
      let held = false;
      this.emulator.faults = (call) => {
        const forUser = call.method === "answerCallbackQuery" || String(call.body.chat_id) === String(user.chatId);
        if (!forUser || held || ++calls < heldCall) return null;
        held = true;
        return { hang: true };
      };
      await this.deliver(user, action, { wait: false });
      await this.settle(() => held);
      this.emulator.faults = null;
      if (held) this.figures.killsDuringReply++;
      else this.figures.killsAfterReply++;
      script.trace.push(held ? `✝ at Bot API call ${heldCall} of the reply` : "✝ after the reply");
    } else {
      await this.deliver(user, action);
      this.figures.killsAfterReply++;
      script.trace.push("✝ after the reply");
    }
    await this.restart();
    return true;
  }

  private async deliver(user: ChatUser, action: Action, { wait } = { wait: true }): Promise<void> {
    this.waitForReplies = wait;
    if (action.kind === "send") {
      await user.send(action.text);
      return;
    }
    if (action.kind === "press") return user.press(action.text);
    const { data, messageId } = this.findButton(user, action.text);
    return user.sendCallback(data, messageId);
  }

  private async afterDelivery(updateId: number): Promise<void> {
    this.unsettled.push(updateId);
    if (this.waitForReplies) await this.settle();
  }

  /** The button on the latest messages: an exact label first, else one containing it. */
  private findButton(user: ChatUser, label: string): { data: string; messageId: number } {
    for (const exact of [true, false]) {
      for (const message of this.latest(user)) {
        const button = message.buttons
          .flat()
          .find((b) => (exact ? b.text === label : b.text.includes(label)) && b.callback_data !== undefined);
        if (button) return { data: button.callback_data as string, messageId: message.messageId };
      }
    }
    throw new Error(
      `seed ${this.options.seed}: no button "${label}" for ${user.profile.firstName}; latest: ${this.describeLatest(user)}\n` +
        `bot output:\n${this.bot?.output().slice(-2000) ?? ""}`,
    );
  }

  private latest(user: ChatUser): BotMessage[] {
    return user.messages().slice(-LATEST_MESSAGES).reverse();
  }

  private describeLatest(user: ChatUser): string {
    return this.latest(user)
      .map(
        (m) =>
          `«${m.text.slice(0, 120)}» [${m.buttons
            .flat()
            .map((b) => b.text)
            .join(" | ")}]`,
      )
      .join(" ← ");
  }

  // ---- the bot process ----------------------------------------------------------------------------------------

  private async startBot(): Promise<void> {
    this.bot = spawnBot({
      BOT_TOKEN,
      BOT_API_ROOT: this.emulator.apiRoot,
      DATABASE_URL: this.database.url,
      ENCRYPTION_KEY: TEST_KEY,
      BOOTSTRAP_ADMIN_IDS: String(USERS.admin.id),
      NODE_ENV: "production",
    });
    await waitForReady(this.bot);
    await this.settle();
  }

  private async restart(): Promise<void> {
    const bot = this.bot as BotProcess;
    bot.child.kill("SIGKILL");
    await bot.exited;
    this.figures.kills++;
    await this.startBot();
  }

  /** Waits until the bot has handled every update sent so far (a killed bot's restart handles the rest). */
  private async settle(until?: () => boolean): Promise<void> {
    const started = Date.now();
    for (;;) {
      if (until?.()) return;
      if (await allHandled(this.database.db, this.unsettled)) {
        this.unsettled = [];
        return;
      }
      const exitCode = this.bot?.child.exitCode ?? null;
      if (exitCode !== null || Date.now() - started > SETTLE_LIMIT_MS) {
        throw new Error(
          `seed ${this.options.seed}: the bot ${exitCode !== null ? `exited with ${exitCode}` : "did not settle"} ` +
            `(updates ${this.unsettled.join(", ")} not handled)\nbot output:\n${this.bot?.output().slice(-2000) ?? ""}`,
        );
      }
      await sleep(SETTLE_POLL_MS);
    }
  }

  // ---- checks -------------------------------------------------------------------------------------------------

  private problem(text: string): void {
    this.figures.problems.push(text);
  }

  /** Every confirmed entry exactly once and as entered; totals match; no draft or inbox row left behind. */
  private async checkDatabase(): Promise<void> {
    const { db } = this.deps;
    const count: Record<Kind, number> = { person: 0, session: 0, attendance: 0, event: 0 };
    for (const script of this.confirmed) {
      count[script.kind]++;
      const stored = await script.stored();
      this.figures.entriesChecked++;
      if (stored.length === 0) {
        this.figures.lost++;
        this.problem(`${script.name}: lost; ${script.trace.join(", ")}`);
      } else if (stored.length > 1) {
        this.figures.duplicated++;
        this.problem(`${script.name}: stored ${stored.length} times; ${script.trace.join(", ")}`);
      } else if (stored[0] !== script.expected) {
        this.figures.altered++;
        this.problem(`${script.name}: stored ${stored[0]}, expected ${script.expected}; ${script.trace.join(", ")}`);
      }
    }
    const seededPeople = this.world.people.length + this.roster.length;
    const totals = {
      people: [await db.person.count(), seededPeople + count.person],
      sessions: [await db.session.count({ where: { kind: { not: "group_activity" } } }), count.session],
      attendance: [await db.session.count({ where: { kind: "group_activity" } }), count.attendance],
      events: [await db.criticalEvent.count(), count.event],
      "attendance rows": [
        await db.attendance.count({ where: { session: { kind: "group_activity" } } }),
        count.attendance * this.roster.length,
      ],
      "drafts left": [await db.chatState.count({ where: { key: { startsWith: "draft:" } } }), 0],
      "inbox rows left": [await db.inboxUpdate.count(), 0],
    };
    for (const [name, [actual, expected]] of Object.entries(totals)) {
      if (actual !== expected) this.problem(`${name}: ${actual} in the database, expected ${expected}`);
    }
  }
}

/** Prepares, runs and tears down one campaign. */
export async function runCrashCampaign(options: CampaignOptions): Promise<CampaignFigures> {
  const campaign = await CrashCampaign.prepare(options);
  try {
    return await campaign.run();
  } finally {
    await campaign.stop();
  }
}
