// The plan card and its pages as chat text: pure, translated through an injected `t`, always within Telegram's limit.
// When a plan is too big, the least urgent lines go first (contacts, then goals…), each list saying how many it hides;
// the crisis notes and whom to call are the last to shrink, because that is what the on-call worker needs at 22:00.

export const TELEGRAM_TEXT_LIMIT = 4096;

export const PLAN_AREAS = [
  "health",
  "addiction",
  "housing",
  "work",
  "family",
  "documents",
  "primary_needs",
  "legal",
] as const;
export type PlanArea = (typeof PLAN_AREAS)[number];

export const GOAL_STATUSES = ["open", "achieved", "dropped"] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** How the reader came to see this person; shown on the card so an extraordinary access is never silent. */
export type AccessVia = "site" | "on_call" | "handover" | "break_glass";

export interface CrisisNotes {
  riskSigns: string;
  whatToDo: string;
  whomToCall: string;
}

export interface GoalFacts {
  area: string;
  text: string;
  status: string;
  targetOn: string | null;
}

export interface InterventionFacts {
  area: string;
  what: string;
  who: string | null;
  frequency: string | null;
}

export interface NetworkFacts {
  service: string;
  referent: string | null;
  phone: string | null;
}

export interface PlanCardFacts {
  code: string;
  shortName: string;
  /** In force today; null when none was recorded. */
  legalStatus: string | null;
  siteNames: string[];
  caseManager: { name: string; phone: string | null } | null;
  plan: {
    version: number;
    approvedBy: string | null;
    approvedOn: string | null;
    reviewOn: string | null;
    crisis: CrisisNotes | null;
    network: NetworkFacts[];
    activeGoals: GoalFacts[];
  } | null;
  lastContacts: { on: string; kind: string }[];
  recentEvents: { on: string; kind: string; severity: number }[];
  /** Europe/Rome calendar date of the reading, to flag an overdue review. */
  today: string;
  via: AccessVia;
}

export interface Section {
  title: string | null;
  lines: string[];
  /** Sections with a lower priority lose lines first. */
  priority: number;
  /** Lines never dropped (they may still be clipped by the final cut). */
  keep?: number;
}

const LIST_LINE_MAX = 300;
const CRISIS_FIELD_MAX = 900;

/** "2026-11-18" → "18/11/2026". */
export function formatDay(isoDate: string): string {
  const [year, month, day] = isoDate.split("-");
  return `${day}/${month}/${year}`;
}

/** One line of at most `max` characters: whitespace collapsed, an ellipsis where cut. */
export function clip(text: string, max = LIST_LINE_MAX): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

function renderSection(section: Section, visible: number, more: (hidden: number) => string): string {
  const hidden = section.lines.length - visible;
  const parts = [section.title, ...section.lines.slice(0, visible), hidden > 0 ? more(hidden) : null];
  return parts.filter((part): part is string => part !== null && part !== "").join("\n");
}

/**
 * Joins sections with blank lines; while the text is longer than `limit`, drops the last line of the
 * lowest-priority section that still has droppable lines and says how many are hidden. A last-resort cut keeps
 * the result within the limit whatever the input.
 */
export function fitSections(sections: Section[], limit: number, more: (hidden: number) => string): string {
  const visible = sections.map((section) => section.lines.length);
  const texts = sections.map((section, index) => renderSection(section, visible[index] as number, more));
  const total = () => {
    const present = texts.filter((text) => text !== "");
    return present.reduce((sum, text) => sum + text.length, 0) + 2 * Math.max(present.length - 1, 0);
  };
  while (total() > limit) {
    let victim = -1;
    sections.forEach((section, index) => {
      if ((visible[index] as number) <= (section.keep ?? 0)) return;
      if (victim === -1 || section.priority <= (sections[victim] as Section).priority) victim = index;
    });
    if (victim === -1) break;
    visible[victim] = (visible[victim] as number) - 1;
    texts[victim] = renderSection(sections[victim] as Section, visible[victim] as number, more);
  }
  const text = texts.filter((part) => part !== "").join("\n\n");
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

const more = (t: Translate) => (hidden: number) => t("plans-card-more", { count: hidden });

function goalLine(t: Translate, goal: GoalFacts): string {
  const target = goal.targetOn ? ` ${t("plans-goal-target", { date: formatDay(goal.targetOn) })}` : "";
  const status = goal.status === "open" ? "" : ` [${t(`plans-goal-status-${goal.status}`)}]`;
  return `• ${t(`plans-area-${goal.area}`)}: ${clip(goal.text)}${target}${status}`;
}

function networkLine(contact: NetworkFacts): string {
  return `• ${clip([contact.service, contact.referent, contact.phone].filter(Boolean).join(" · "))}`;
}

function crisisSection(t: Translate, crisis: CrisisNotes | null): Section {
  return {
    title: t("plans-card-crisis"),
    lines: crisis
      ? [
          t("plans-crisis-risk-signs", { text: clip(crisis.riskSigns, CRISIS_FIELD_MAX) }),
          t("plans-crisis-what-to-do", { text: clip(crisis.whatToDo, CRISIS_FIELD_MAX) }),
          t("plans-crisis-whom-to-call", { text: clip(crisis.whomToCall, CRISIS_FIELD_MAX) }),
        ]
      : [t("plans-card-none")],
    priority: 90,
    keep: 3,
  };
}

function networkSection(t: Translate, network: readonly NetworkFacts[]): Section {
  return {
    title: t("plans-card-network"),
    lines: network.length ? network.map(networkLine) : [t("plans-card-none")],
    priority: 80,
    keep: 1,
  };
}

function eventsSection(t: Translate, events: PlanCardFacts["recentEvents"]): Section {
  return {
    title: t("plans-card-events"),
    lines: events.length
      ? events.map(
          (event) =>
            `• ${formatDay(event.on)} · ${t(`events-kind-${event.kind}`)} · ${t("plans-event-severity", { severity: event.severity })}`,
        )
      : [t("plans-card-none")],
    priority: 70,
    keep: 1,
  };
}

function goalsSection(t: Translate, goals: readonly GoalFacts[]): Section {
  return {
    title: t("plans-card-goals"),
    lines: goals.length ? goals.map((goal) => goalLine(t, goal)) : [t("plans-card-none")],
    priority: 60,
  };
}

export interface HandoverCardFacts {
  personLabel: string;
  fromSite: string;
  toSite: string;
  releaseOn: string | null;
  crisis: CrisisNotes | null;
  activeGoals: GoalFacts[];
  network: NetworkFacts[];
  recentEvents: PlanCardFacts["recentEvents"];
  /** The receiving service's consent (day and scope code), or null: then only the crisis notes are on the card. */
  consent: { on: string; scope: string } | null;
}

/**
 * What a receiving team is shown of a case handed over: crisis notes, and with the person's consent goals and network
 * (and recent events when the consent covers them), nothing more; the card says which.
 */
export function handoverCardText(facts: HandoverCardFacts, t: Translate, limit = TELEGRAM_TEXT_LIMIT): string {
  const { consent } = facts;
  const header = [
    t("handover-card-title", { person: facts.personLabel, from: facts.fromSite, to: facts.toSite }),
    ...(facts.releaseOn ? [t("handover-card-release", { date: formatDay(facts.releaseOn) })] : []),
    consent
      ? t("handover-card-consent", {
          date: formatDay(consent.on),
          scope: t(`release-consent-scope-${consent.scope}`),
        })
      : t("handover-card-no-consent"),
  ];
  const shared = consent ? [goalsSection(t, facts.activeGoals), networkSection(t, facts.network)] : [];
  return fitSections(
    [
      { title: null, lines: header, priority: 100, keep: header.length },
      crisisSection(t, facts.crisis),
      ...shared,
      ...(consent?.scope === "plan_and_events" ? [eventsSection(t, facts.recentEvents)] : []),
    ],
    limit,
    more(t),
  );
}

export function planCardText(facts: PlanCardFacts, t: Translate, limit = TELEGRAM_TEXT_LIMIT): string {
  const { plan } = facts;
  const header = [
    `📁 ${facts.code} · ${facts.shortName}`,
    clip(`${facts.legalStatus ? t(`legal-${facts.legalStatus}`) : "—"} · ${facts.siteNames.join(", ") || "—"}`),
    facts.caseManager
      ? clip(t("plans-card-case-manager", { name: facts.caseManager.name, phone: facts.caseManager.phone ?? "—" }))
      : t("plans-card-no-case-manager"),
    !plan
      ? t("plans-card-no-plan")
      : plan.approvedBy && plan.approvedOn
        ? t("plans-card-version-approved", {
            version: plan.version,
            name: plan.approvedBy,
            date: formatDay(plan.approvedOn),
          })
        : t("plans-card-version-unapproved", { version: plan.version }),
    ...(facts.via === "break_glass" ? [t("plans-card-break-glass")] : []),
  ];
  const crisis = plan?.crisis;
  const review = plan?.reviewOn
    ? plan.reviewOn < facts.today
      ? t("plans-card-review-overdue", { date: formatDay(plan.reviewOn) })
      : t("plans-card-review", { date: formatDay(plan.reviewOn) })
    : t("plans-card-review-none");
  const sections: Section[] = [
    { title: null, lines: header, priority: 100, keep: header.length },
    crisisSection(t, crisis ?? null),
    networkSection(t, plan?.network ?? []),
    eventsSection(t, facts.recentEvents),
    goalsSection(t, plan?.activeGoals ?? []),
    {
      title: t("plans-card-contacts"),
      lines: facts.lastContacts.length
        ? facts.lastContacts.map((contact) => `• ${formatDay(contact.on)} · ${t(`plans-contact-kind-${contact.kind}`)}`)
        : [t("plans-card-none")],
      priority: 50,
    },
    { title: null, lines: [review], priority: 100, keep: 1 },
  ];
  return fitSections(sections, limit, more(t));
}

export interface GoalsPageFacts {
  code: string;
  shortName: string;
  generalObjective: string | null;
  goals: GoalFacts[];
  interventions: InterventionFacts[];
  signedByPersonOn: string | null;
}

export function goalsPageText(facts: GoalsPageFacts, t: Translate, limit = TELEGRAM_TEXT_LIMIT): string {
  const interventionLine = (item: InterventionFacts) =>
    `• ${t(`plans-area-${item.area}`)}: ${clip([item.what, item.who, item.frequency].filter(Boolean).join(" · "))}`;
  return fitSections(
    [
      {
        title: null,
        lines: [t("plans-page-goals-title", { code: facts.code, name: facts.shortName })],
        priority: 100,
        keep: 1,
      },
      {
        title: t("plans-objective"),
        lines: [facts.generalObjective ? clip(facts.generalObjective, 1500) : t("plans-card-none")],
        priority: 90,
        keep: 1,
      },
      {
        title: t("plans-card-all-goals"),
        lines: facts.goals.length ? facts.goals.map((goal) => goalLine(t, goal)) : [t("plans-card-none")],
        priority: 80,
      },
      {
        title: t("plans-interventions"),
        lines: facts.interventions.length ? facts.interventions.map(interventionLine) : [t("plans-card-none")],
        priority: 70,
      },
      {
        title: null,
        lines: [
          facts.signedByPersonOn
            ? t("plans-signed-on", { date: formatDay(facts.signedByPersonOn) })
            : t("plans-signed-none"),
        ],
        priority: 100,
        keep: 1,
      },
    ],
    limit,
    more(t),
  );
}

export function networkPageText(
  facts: { code: string; shortName: string; network: NetworkFacts[] },
  t: Translate,
  limit = TELEGRAM_TEXT_LIMIT,
): string {
  return fitSections(
    [
      {
        title: null,
        lines: [t("plans-page-network-title", { code: facts.code, name: facts.shortName })],
        priority: 100,
        keep: 1,
      },
      {
        title: null,
        lines: facts.network.length ? facts.network.map(networkLine) : [t("plans-card-none")],
        priority: 50,
      },
    ],
    limit,
    more(t),
  );
}

export interface HistoryEntry {
  version: number;
  status: string;
  on: string;
  author: string | null;
  change: string | null;
  approvedBy: string | null;
}

export function historyPageText(
  facts: { code: string; shortName: string; versions: HistoryEntry[] },
  t: Translate,
  limit = TELEGRAM_TEXT_LIMIT,
): string {
  const line = (entry: HistoryEntry) =>
    clip(
      [
        `• v${entry.version}`,
        formatDay(entry.on),
        entry.author ?? t("plans-history-import"),
        entry.change ? t(`plans-change-${entry.change}`) : null,
        entry.approvedBy ? t("plans-history-approved", { name: entry.approvedBy }) : null,
        entry.status === "active" ? t("plans-history-current") : null,
      ]
        .filter(Boolean)
        .join(" · "),
    );
  return fitSections(
    [
      {
        title: null,
        lines: [t("plans-page-history-title", { code: facts.code, name: facts.shortName })],
        priority: 100,
        keep: 1,
      },
      { title: null, lines: facts.versions.length ? facts.versions.map(line) : [t("plans-card-none")], priority: 50 },
    ],
    limit,
    more(t),
  );
}
