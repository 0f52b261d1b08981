// Failover: two `npm start` processes on one PostgreSQL database and the Bot API emulator, 20 operators of four
// sites logging sessions and reporting critical events at once; every so often the instance that receives the
// updates is SIGKILLed (the long poller, or in webhook mode the target of half the traffic behind a load balancer)
// and restarted, so the other one must carry on. At the end every confirmed entry must be stored once and as
// entered, every alert delivered once, every update handled and none handled twice.
import { formatDuration } from "../../src/domain/durations.ts";
import { localDate } from "../../src/domain/weeks.ts";
import { translate } from "../../src/i18n.ts";
import { type BotApiEmulator, startBotApiEmulator } from "../../src/local/bot-api-emulator.ts";
import { ChatUser } from "../../src/local/chat-user.ts";
import { insertPerson, personInput } from "../../src/services/people.ts";
import type { ServiceDeps } from "../../src/services/deps.ts";
import { seededRandom } from "../../bench/generate.ts";
import { freePort, WEBHOOK_SECRET } from "./app.ts";
import { createTestClock, createTestDatabase, createTestDeps, TEST_KEY, type TestDatabase } from "./database.ts";
import { addStaff, seedWorld, USERS } from "./fixtures.ts";
import { BOT_TOKEN } from "./harness.ts";
import { type LoadBalancer, startLoadBalancer } from "./load-balancer.ts";
import { type BotProcess, PROCESS_CLOCK_START, spawnBot, waitForReady } from "./process.ts";

export interface FailoverOptions {
  mode: "polling" | "webhook";
  kills: number;
  seed: number;
}

export interface FailoverFigures {
  mode: "polling" | "webhook";
  kills: number;
  actions: number;
  sessions: number;
  events: number;
  alerts: number;
  /** Alerts sent twice: each was being sent by the killed instance (claimed, not yet recorded as sent) at a kill. */
  alertsSentTwice: number;
  updates: number;
  /** "update handled" lines the instances logged, and how many processes logged any (killed ones included). */
  handledLines: number;
  processesThatHandled: number;
  /** Per process, in the order they started: its "update handled" lines, and whether it received the updates. */
  handledLinesByProcess: string[];
  /** From each kill to the first update the other instance handled after it, the longest. */
  longestTakeoverMs: number;
  durationMs: number;
  /** Everything that went wrong, in words (empty when the run passed). */
  problems: string[];
}

const USER_COUNT = 20;
const SITES = [
  { name: "CC Varese", codePrefix: "VAR" },
  { name: "CC Como", codePrefix: "COM" },
  { name: "CC Lecco", codePrefix: "LEC" },
  { name: "CC Monza", codePrefix: "MON" },
];
/** User actions between two kills. */
const ACTIONS_PER_KILL = 20;
/** Scripts every user finishes at least (a session and an event), kills or not. */
const MIN_SCRIPTS = 2;
const LIMIT_MS = 120_000;
const POLL_MS = 25;
const POLLER_LINE = "this instance receives the updates";
const HANDLED_LINE = '"msg":"update handled"';
const SESSION_KINDS = ["individual_educational", "individual_psychological", "phone_contact", "mediation"] as const;
const EVENT_KINDS = ["protest", "damage", "family_crisis"] as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Operator {
  user: ChatUser;
  staffId: number;
  siteId: number;
  people: { id: number; code: string }[];
  scripts: number;
}

/** A confirmed entry: its unique text (a session's note, an event's description) and what must be stored with it. */
interface Entry {
  name: string;
  marker: string;
  expected: string;
}

/** Resolves the waits for updates once the instances have marked them handled in the database (one query a tick). */
class HandledWatch {
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  /** Every update sent, with when it was sent and when it was seen handled. */
  readonly updates = new Map<number, { sentAt: number; handledAt: number | null }>();
  private ticking = false;

  constructor(private readonly deps: ServiceDeps) {}

  readonly wait = (updateId: number): Promise<void> => {
    this.updates.set(updateId, { sentAt: Date.now(), handledAt: null });
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(updateId, { resolve, reject });
      if (!this.ticking) void this.tick();
    });
  };

  /** Resolves once every update waiting at `at`, and one sent after it, is handled; returns when the last was. */
  async carriedOnAfter(at: number): Promise<number> {
    const waitingThen = [...this.waiting.keys()];
    for (;;) {
      const handledAt = (updateId: number) => this.updates.get(updateId)?.handledAt ?? null;
      const later = [...this.updates.values()].filter((u) => u.sentAt > at && u.handledAt !== null);
      if (waitingThen.every((updateId) => handledAt(updateId) !== null) && later.length > 0) {
        return Math.max(
          ...waitingThen.map((updateId) => handledAt(updateId) as number),
          ...later.map((u) => u.handledAt as number),
        );
      }
      if (Date.now() - at > LIMIT_MS) throw new Error(`nothing handled in ${LIMIT_MS / 1000} s after the kill`);
      await sleep(POLL_MS);
    }
  }

  private async tick(): Promise<void> {
    this.ticking = true;
    while (this.waiting.size > 0) {
      const handled = await this.deps.db.processedUpdate.findMany({
        where: { updateId: { in: [...this.waiting.keys()].map(BigInt) } },
        select: { updateId: true },
      });
      for (const { updateId } of handled) {
        const id = Number(updateId);
        const record = this.updates.get(id);
        if (record) record.handledAt = Date.now();
        this.waiting.get(id)?.resolve();
        this.waiting.delete(id);
      }
      for (const [updateId, waiter] of this.waiting) {
        if (Date.now() - (this.updates.get(updateId)?.sentAt ?? 0) < LIMIT_MS) continue;
        waiter.reject(new Error(`update ${updateId} not handled in ${LIMIT_MS / 1000} s`));
        this.waiting.delete(updateId);
      }
      await sleep(POLL_MS);
    }
    this.ticking = false;
  }
}

export class FailoverRun {
  private readonly slots: (BotProcess | null)[] = [null, null];
  /** Every output of every process, the killed ones included. */
  private readonly outputs: (() => string)[] = [];
  private readonly random: () => number;
  private readonly entries: Entry[] = [];
  private readonly figures: FailoverFigures;
  private balancer: LoadBalancer | null = null;
  private ports: number[] = [];
  private actions = 0;
  private killsDone = false;
  private scriptIndex = 0;
  /** Deliveries claimed but not recorded as sent right after a kill: the killed instance may have sent them. */
  private readonly inFlightAtKills = new Set<string>();

  private constructor(
    private readonly options: FailoverOptions,
    private readonly emulator: BotApiEmulator,
    private readonly database: TestDatabase,
    private readonly deps: ServiceDeps,
    private readonly operators: Operator[],
    private readonly watch: HandledWatch,
  ) {
    this.random = seededRandom(options.seed);
    this.figures = {
      mode: options.mode,
      kills: 0,
      actions: 0,
      sessions: 0,
      events: 0,
      alerts: 0,
      alertsSentTwice: 0,
      updates: 0,
      handledLines: 0,
      processesThatHandled: 0,
      handledLinesByProcess: [],
      longestTakeoverMs: 0,
      durationMs: 0,
      problems: [],
    };
  }

  /** The world (four sites, each with a coordinator, five operators and two people), the emulator, no instance yet. */
  static async prepare(options: FailoverOptions): Promise<FailoverRun> {
    const emulator = await startBotApiEmulator({ replays: true });
    const database = await createTestDatabase();
    const deps = createTestDeps(database.db, createTestClock(PROCESS_CLOCK_START));
    const world = await seedWorld(deps);
    const watch = new HandledWatch(deps);
    const operators: Operator[] = [];
    for (const [index, spec] of SITES.entries()) {
      const site = await deps.db.site.create({
        data: {
          programmeId: world.programmeId,
          name: spec.name,
          kind: "day_centre_inside",
          codePrefix: spec.codePrefix,
        },
      });
      await addStaff(deps, { id: 6001 + index, firstName: "Coordinatore", lastName: spec.codePrefix }, [
        { role: "coordinator", siteId: site.id },
      ]);
      const people: Operator["people"] = [];
      for (const familyName of ["Verdi", "Neri"]) {
        const data = personInput.parse({
          siteId: site.id,
          givenName: "Paolo",
          familyName,
          legalStatus: "detained",
          intakeOn: "2026-01-15",
        });
        people.push(await deps.db.$transaction((tx) => insertPerson(tx, deps, site, data)));
      }
      for (let n = 0; n < USER_COUNT / SITES.length; n++) {
        const profile = { id: 7001 + index * 10 + n, firstName: "Operatore", lastName: `${spec.codePrefix}${n}` };
        const staff = await addStaff(deps, profile, [{ role: "operator", siteId: site.id }]);
        const user = new ChatUser(emulator, BOT_TOKEN, profile, watch.wait);
        operators.push({ user, staffId: staff.id, siteId: site.id, people, scripts: 0 });
      }
    }
    return new FailoverRun(options, emulator, database, deps, operators, watch);
  }

  async run(): Promise<FailoverFigures> {
    const started = Date.now();
    if (this.options.mode === "webhook") {
      this.ports = [await freePort(), await freePort()];
      this.balancer = await startLoadBalancer(this.ports.map((port) => `http://127.0.0.1:${port}`));
    }
    await this.start(0);
    await this.start(1);
    const users = this.operators.map((operator) => this.play(operator));
    await this.killAndRestart(users);
    await Promise.all(users);
    await this.deliveriesSettled();
    await this.check();
    this.figures.actions = this.actions;
    this.figures.durationMs = Date.now() - started;
    return this.figures;
  }

  async stop(): Promise<void> {
    for (const bot of this.slots) {
      if (!bot || bot.child.exitCode !== null) continue;
      bot.child.kill("SIGKILL");
      await bot.exited;
    }
    await this.balancer?.stop();
    await this.emulator.stop();
    await this.database.drop();
  }

  // ---- instances ----------------------------------------------------------------------------------------------

  private async start(slot: number): Promise<void> {
    const webhook: Record<string, string> = this.balancer
      ? { WEBHOOK_URL: `${this.balancer.url}/telegram/updates`, WEBHOOK_SECRET, PORT: String(this.ports[slot]) }
      : {};
    const bot = spawnBot({
      BOT_TOKEN,
      BOT_API_ROOT: this.emulator.apiRoot,
      DATABASE_URL: this.database.url,
      ENCRYPTION_KEY: TEST_KEY,
      BOOTSTRAP_ADMIN_IDS: String(USERS.admin.id),
      NODE_ENV: "production",
      LOG_LEVEL: "debug",
      ...webhook,
    });
    this.slots[slot] = bot;
    this.outputs.push(bot.output);
    await waitForReady(bot);
  }

  /** The instance receiving the updates: the poller (once one is elected), or the target of the next half. */
  private async target(): Promise<number> {
    if (this.options.mode === "webhook") return this.figures.kills % 2;
    const poller = () => this.slots.findIndex((bot) => bot?.output().includes(POLLER_LINE));
    await this.until(() => poller() >= 0, "no instance became the poller");
    return poller();
  }

  private async until(done: () => boolean, failure: string): Promise<void> {
    const started = Date.now();
    while (!done()) {
      if (Date.now() - started > LIMIT_MS) throw new Error(failure);
      await sleep(POLL_MS);
    }
  }

  /** Kills every ACTIONS_PER_KILL actions, restarting the killed instance each time, while the users go on. */
  private async killAndRestart(users: Promise<void>[]): Promise<void> {
    let usersDone = false;
    void Promise.all(users).then(() => {
      usersDone = true;
    });
    while (this.figures.kills < this.options.kills && !usersDone) {
      const due = this.actions + ACTIONS_PER_KILL;
      while (this.actions < due && !usersDone) await sleep(POLL_MS);
      if (usersDone) break;
      const slot = await this.target();
      const bot = this.slots[slot] as BotProcess;
      // Killed right after handling its first updates, it could die before logging any: the check of updates handled
      // twice would then not see it.
      await this.until(() => bot.output().includes(HANDLED_LINE), "the instance receiving the updates logged none");
      const killedAt = Date.now();
      bot.child.kill("SIGKILL");
      await bot.exited;
      this.figures.kills++;
      const claimed = await this.deps.db.delivery.findMany({
        where: { status: "sending" },
        select: { dedupeKey: true },
      });
      for (const { dedupeKey } of claimed) this.inFlightAtKills.add(dedupeKey);
      const carriedOnAt = await this.watch.carriedOnAfter(killedAt);
      this.figures.longestTakeoverMs = Math.max(this.figures.longestTakeoverMs, carriedOnAt - killedAt);
      await this.start(slot);
    }
    this.killsDone = true;
  }

  // ---- users --------------------------------------------------------------------------------------------------

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  private async play(operator: Operator): Promise<void> {
    while (!this.killsDone || operator.scripts < MIN_SCRIPTS) {
      const index = this.scriptIndex++;
      if (operator.scripts % 2 === 0) await this.logSession(operator, index);
      else await this.reportEvent(operator, index);
      operator.scripts++;
    }
  }

  private async act(step: () => Promise<unknown>): Promise<void> {
    await step();
    this.actions++;
  }

  private async logSession(operator: Operator, index: number): Promise<void> {
    const { user } = operator;
    const person = this.pick(operator.people);
    const kind = this.pick(SESSION_KINDS);
    const minutes = this.pick([30, 45, 60, 90]);
    const note = `Failover ${index}: colloquio sul rientro in sezione`;
    await this.act(() => user.send("/sessione"));
    await this.act(() => user.send(person.code));
    await this.act(() => user.tapKey(`session-kind-${kind}`));
    await this.act(() => user.tapKey("date-today"));
    await this.act(() => user.tap(formatDuration(minutes)));
    await this.act(() => user.send(note));
    this.expectShown(user, /✅ Sessione salvata/, `session #${index}`);
    this.figures.sessions++;
    const today = localDate(new Date(PROCESS_CLOCK_START), "Europe/Rome");
    this.entries.push({
      name: `session #${index} by ${user.profile.lastName}`,
      marker: note,
      expected: JSON.stringify({ personId: person.id, kind, occurredOn: today, minutes }),
    });
  }

  private async reportEvent(operator: Operator, index: number): Promise<void> {
    const { user } = operator;
    const kind = this.pick(EVENT_KINDS);
    const severity = this.pick([1, 2, 3]);
    const description = `Failover ${index}: lite in sezione durante il laboratorio`;
    await this.act(() => user.send("/evento"));
    await this.act(() => user.tapKey("events-people-nobody"));
    await this.act(() => user.tapKey(`events-kind-${kind}`));
    await this.act(() =>
      user.tapKey("events-severity-choice", { severity, label: translate("it", `events-severity-${severity}`) }),
    );
    await this.act(() => user.send(description));
    await this.act(() => user.tapKey("flow-confirm"));
    await this.act(() => user.tapKey("events-confirm-send"));
    this.expectShown(user, /✅ Evento #\d+ registrato/, `event #${index}`);
    this.figures.events++;
    this.entries.push({
      name: `event #${index} by ${user.profile.lastName}`,
      marker: description,
      expected: JSON.stringify({ kind, severity, reporterId: operator.staffId, siteId: operator.siteId }),
    });
  }

  private expectShown(user: ChatUser, confirmation: RegExp, name: string): void {
    const latest = user.messages().slice(-4);
    if (!latest.some((message) => confirmation.test(message.text) || message.text.includes("era già stata salvata"))) {
      this.figures.problems.push(`${name} of ${user.profile.lastName}: no confirmation shown`);
    }
  }

  // ---- checks -------------------------------------------------------------------------------------------------

  /** Waits until the outbox has nothing left to send (the alerts of the last events included). */
  private async deliveriesSettled(): Promise<void> {
    const started = Date.now();
    // A message claimed by a killed instance is taken up again after two minutes (src/jobs/outbox.ts).
    while ((await this.deps.db.delivery.count({ where: { status: { in: ["pending", "sending"] } } })) > 0) {
      if (Date.now() - started > 2 * LIMIT_MS) throw new Error("the outbox did not empty");
      await sleep(POLL_MS * 4);
    }
  }

  /** Every session and event in the database, described as entries expect them, by note or description. */
  private async storedEntries(): Promise<Map<string, string[]>> {
    const { db, cipher } = this.deps;
    const stored = new Map<string, string[]>();
    const add = (marker: string, described: object) =>
      stored.set(marker, [...(stored.get(marker) ?? []), JSON.stringify(described)]);
    const sessions = await db.session.findMany({ where: { noteEnc: { not: null } }, include: { attendance: true } });
    for (const s of sessions) {
      add(cipher.decrypt(s.noteEnc as string, "Session.noteEnc", s.id), {
        personId: s.attendance[0]?.personId,
        kind: s.kind,
        occurredOn: s.occurredOn,
        minutes: s.durationMinutes,
      });
    }
    for (const e of await db.criticalEvent.findMany()) {
      add(cipher.decrypt(e.descriptionEnc, "CriticalEvent.descriptionEnc", e.id), {
        kind: e.kind,
        severity: e.severity,
        reporterId: e.reporterId,
        siteId: e.siteId,
      });
    }
    return stored;
  }

  private async check(): Promise<void> {
    const { db } = this.deps;
    const problems = this.figures.problems;
    const stored = await this.storedEntries();
    for (const entry of this.entries) {
      const found = stored.get(entry.marker) ?? [];
      if (found.length !== 1) problems.push(`${entry.name}: stored ${found.length} times`);
      else if (found[0] !== entry.expected) problems.push(`${entry.name}: stored ${found[0]}, not ${entry.expected}`);
    }
    const totals = {
      sessions: [await db.session.count(), this.figures.sessions],
      events: [await db.criticalEvent.count(), this.figures.events],
      "inbox rows left": [await db.inboxUpdate.count(), 0],
    };
    for (const [name, [actual, expected]] of Object.entries(totals)) {
      if (actual !== expected) problems.push(`${name}: ${actual} in the database, expected ${expected}`);
    }

    // Every update handled, none twice (each instance logs the updates it handled, the killed ones until they died).
    const sent = [...this.watch.updates.keys()];
    this.figures.updates = sent.length;
    const handled = await db.processedUpdate.count({ where: { updateId: { in: sent.map(BigInt) } } });
    if (handled !== sent.length) problems.push(`${sent.length - handled} of ${sent.length} updates not handled`);
    const times = new Map<number, number>();
    for (const output of this.outputs) {
      let lines = 0;
      for (const line of output().split("\n")) {
        if (!line.includes(HANDLED_LINE)) continue;
        const updateId = (JSON.parse(line) as { updateId: number }).updateId;
        times.set(updateId, (times.get(updateId) ?? 0) + 1);
        lines++;
      }
      this.figures.handledLines += lines;
      if (lines > 0) this.figures.processesThatHandled++;
      this.figures.handledLinesByProcess.push(`${lines}${output().includes(POLLER_LINE) ? " (poller)" : ""}`);
    }
    const twice = [...times].filter(([, count]) => count > 1).map(([updateId]) => updateId);
    if (twice.length > 0) problems.push(`updates handled twice: ${twice.join(", ")}`);

    // Every alert queued for an event sent once to its recipient; twice only if an instance died while sending it,
    // between Telegram's answer and the database write (the outbox delivers at least once: src/jobs/outbox.ts).
    const alerts = await db.delivery.findMany({
      where: { kind: "event-alert" },
      include: { recipient: { select: { telegramId: true } } },
    });
    this.figures.alerts = alerts.length;
    const events = await db.criticalEvent.findMany({ select: { id: true } });
    for (const { id } of events) {
      if (!alerts.some((alert) => alert.dedupeKey.startsWith(`alert:${id}:`))) problems.push(`event ${id}: no alert`);
    }
    for (const alert of alerts) {
      const eventId = alert.dedupeKey.split(":")[1];
      const sentTimes = this.emulator.calls.filter(
        (call) =>
          call.method === "sendMessage" &&
          String(call.body.chat_id) === String(alert.recipient.telegramId) &&
          String(call.body.text).startsWith(`🚨 Evento critico #${eventId}\n`),
      ).length;
      const inFlight = this.inFlightAtKills.has(alert.dedupeKey);
      if (sentTimes === 2 && inFlight) this.figures.alertsSentTwice++;
      else if (alert.status !== "sent" || sentTimes !== 1) {
        problems.push(
          `alert ${alert.dedupeKey}: ${alert.status}, sent ${sentTimes} times (in flight at a kill: ${inFlight})`,
        );
      }
    }
  }
}

/** Prepares, runs and tears down one failover run. */
export async function runFailover(options: FailoverOptions): Promise<FailoverFigures> {
  const run = await FailoverRun.prepare(options);
  try {
    return await run.run();
  } finally {
    await run.stop();
  }
}
