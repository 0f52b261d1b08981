// The fixed cast and scenery of the demo: demo users, invented names, sites, staff, activities and the texts of
// notes, plans and events. Everything here is invented; src/local/demo-data.ts draws the history from it.
import type { CrisisNotes, PlanArea } from "../domain/plan-card.ts";
import type { LegalStatus } from "../domain/legal-status.ts";
import type { Gender, Role, SiteKind } from "../domain/roles.ts";
import type { ActivityKind } from "../services/activities.ts";
import type { SessionKind } from "../services/sessions.ts";

/** The people a newcomer can be in the terminal chat, with fixed Telegram ids. */
export const DEMO_USERS = {
  admin: { id: 7_000_001, firstName: "Ada", lastName: "Demo" },
  coordinator: { id: 7_000_002, firstName: "Corrado", lastName: "Demo" },
  operator: { id: 7_000_003, firstName: "Olivia", lastName: "Demo" },
  onCall: { id: 7_000_004, firstName: "Renato", lastName: "Demo" },
  stranger: { id: 7_000_099, firstName: "Sara", lastName: "Sconosciuta" },
} as const;

/** Invented given names (common first names only: without a family name they identify nobody). */
export const DEMO_GIVEN_NAMES: readonly { name: string; gender: Gender }[] = [
  ..."Aldo Bruno Carmelo Dario Elio Fabrizio Gino Ivo Lino Marcello Nando Oreste Pasquale Rocco Romeo Sandro Tito Ugo"
    .concat(" Vito Zeno Karim Youssef Bogdan Emeka")
    .split(" ")
    .map((name) => ({ name, gender: "male" as const })),
  ..."Rosa Lia Nina Marta Irina Fatima Rosalba Teresa Agata"
    .split(" ")
    .map((name) => ({ name, gender: "female" as const })),
];

/** Invented family names: playful words dressed as surnames, so the data is obviously synthetic. */
export const DEMO_FAMILY_NAMES: readonly string[] = [
  "Bislacchi Borbottini Briciolini Ciampolotti Cucchiaroni Dondolini Fagiolari Fischiettoni Girandoli Gomitolli",
  "Lampredotti Lucernotti Mandolozzi Nuvolotti Ombrellini Pennacchiotti Pentolacci Pirolini Ranocchietti Romboletti",
  "Rosmarello Rotolini Rovistani Sbadiglioni Scarabocchi Tintinnelli Trottolini Ventaglini Zigzagoni Zuccherotti",
].flatMap((line) => line.split(" "));

export const SITES: {
  name: string;
  kind: SiteKind;
  institution: string | null;
  codePrefix: string;
  openingHours: string;
}[] = [
  {
    name: "Centro diurno Bollate",
    kind: "day_centre_inside",
    institution: "CR Milano-Bollate",
    codePrefix: "BOL",
    openingHours: "lun–ven 9:00–16:00",
  },
  {
    name: "Centro diurno Opera",
    kind: "day_centre_inside",
    institution: "CR Milano-Opera",
    codePrefix: "OPE",
    openingHours: "lun–ven 9:00–15:00",
  },
  {
    name: "Spazio esterno Lambrate",
    kind: "day_centre_outside",
    institution: null,
    codePrefix: "EST",
    openingHours: "lun–sab 9:00–18:00",
  },
  {
    name: "Casa Ponte (accoglienza)",
    kind: "housing",
    institution: null,
    codePrefix: "CAS",
    openingHours: "sempre / always",
  },
];
/** Site ids, in the order of SITES. */
export const [BOL, OPE, EST, CAS] = [1, 2, 3, 4] as const;

// Staff ids 1–4 are the demo users; the others make the sites look lived in.
export const STAFF: {
  id: number;
  telegramId: number;
  displayName: string;
  memberships: { role: Role; siteId: number | null }[];
}[] = [
  { id: 1, telegramId: DEMO_USERS.admin.id, displayName: "Ada Demo", memberships: [{ role: "admin", siteId: null }] },
  {
    id: 2,
    telegramId: DEMO_USERS.coordinator.id,
    displayName: "Corrado Demo",
    memberships: [BOL, EST, CAS].map((siteId) => ({ role: "coordinator", siteId })),
  },
  {
    id: 3,
    telegramId: DEMO_USERS.operator.id,
    displayName: "Olivia Demo",
    memberships: [BOL, CAS].map((siteId) => ({ role: "operator", siteId })),
  },
  {
    id: 4,
    telegramId: DEMO_USERS.onCall.id,
    displayName: "Renato Demo",
    memberships: [BOL, OPE, EST, CAS].map((siteId) => ({ role: "on_call", siteId })),
  },
  { id: 5, telegramId: 7_000_005, displayName: "Cecilia Demo", memberships: [{ role: "coordinator", siteId: OPE }] },
  { id: 6, telegramId: 7_000_006, displayName: "Ottavio Demo", memberships: [{ role: "operator", siteId: OPE }] },
  {
    id: 7,
    telegramId: 7_000_007,
    displayName: "Ornella Demo",
    memberships: [EST, CAS].map((siteId) => ({ role: "operator", siteId })),
  },
  {
    id: 8,
    telegramId: 7_000_008,
    displayName: "Pietro Demo",
    memberships: [BOL, OPE].map((siteId) => ({ role: "operator", siteId })),
  },
];

export const OPERATORS_BY_SITE: Record<number, number[]> = { [BOL]: [3, 8], [OPE]: [6, 8], [EST]: [7], [CAS]: [3, 7] };
export const COORDINATOR_BY_SITE: Record<number, number> = { [BOL]: 2, [OPE]: 5, [EST]: 2, [CAS]: 2 };
export const PEOPLE_PER_SITE: [number, number][] = [
  [BOL, 14],
  [OPE, 10],
  [EST, 12],
  [CAS, 4],
];

/** Legal status at intake, by site. */
export const LEGAL_BY_SITE: Record<number, LegalStatus[]> = {
  [BOL]: ["detained", "detained", "detained_awaiting_trial", "work_outside_art21"],
  [OPE]: ["detained", "detained", "semi_liberty"],
  [EST]: ["probation_social_services", "probation_map", "home_detention", "released", "juvenile", "community_service"],
  [CAS]: ["probation_social_services", "supervised_liberty"],
};
export const REFERRERS_BY_SITE: Record<number, string[]> = {
  [BOL]: ["Area educativa CR Bollate", "SerD", "CPS"],
  [OPE]: ["Area educativa CR Opera", "CPS"],
  [EST]: ["UEPE Milano", "Servizi sociali comunali", "SerD", "USSM"],
  [CAS]: ["UEPE Milano", "Servizi sociali comunali"],
};
export const FRAGILITY_CHOICES = ["psychiatric", "addiction", "disability", "homeless", "no_documents"];

// Every weekday has something at Bollate or at Casa Ponte, so the demo operator always has an activity today.
export const ACTIVITY_PLANS: {
  siteId: number;
  name: string;
  kind: ActivityKind;
  /** Hours of a certified course. */
  courseHours?: number;
  schedules: [number, string, number][];
  facilitatorIds: number[];
  rosterSize: number;
  /** Share of the roster present at a session (0.8 unless said otherwise). */
  presentRate?: number;
}[] = [
  {
    siteId: BOL,
    name: "Arteterapia e Fotolinguaggio",
    kind: "workshop",
    schedules: [
      [2, "10:00", 120],
      [4, "14:00", 90],
    ],
    facilitatorIds: [3],
    rosterSize: 10,
  },
  {
    siteId: BOL,
    name: "Io al lavoro",
    kind: "talk_group",
    schedules: [
      [1, "10:00", 90],
      [5, "10:00", 90],
    ],
    facilitatorIds: [3, 8],
    rosterSize: 8,
  },
  {
    siteId: BOL,
    name: "Cura del verde",
    kind: "certified_training",
    courseHours: 120,
    schedules: [
      [3, "09:30", 180],
      [6, "09:30", 120],
    ],
    facilitatorIds: [3],
    rosterSize: 9,
  },
  {
    siteId: OPE,
    name: "Sapori in Libertà",
    kind: "certified_training",
    courseHours: 200,
    schedules: [
      [1, "09:00", 240],
      [3, "09:00", 240],
    ],
    facilitatorIds: [6],
    rosterSize: 8,
    presentRate: 0.4, // below 50 %: the digest flags it
  },
  {
    siteId: OPE,
    name: "Gruppo di parola",
    kind: "talk_group",
    schedules: [[5, "10:00", 90]],
    facilitatorIds: [6, 8],
    rosterSize: 7,
  },
  {
    siteId: EST,
    name: "Falegnameria",
    kind: "workshop",
    schedules: [
      [2, "14:30", 120],
      [4, "14:30", 120],
    ],
    facilitatorIds: [7],
    rosterSize: 8,
  },
  {
    siteId: EST,
    name: "Calcetto solidale",
    kind: "sport",
    schedules: [[6, "10:00", 90]],
    facilitatorIds: [7],
    rosterSize: 10,
  },
  {
    siteId: EST,
    name: "Banco alimentare",
    kind: "volunteering",
    schedules: [[5, "09:00", 180]],
    facilitatorIds: [7],
    rosterSize: 5,
  },
  {
    siteId: CAS,
    name: "Riunione di casa",
    kind: "talk_group",
    schedules: [[7, "18:00", 60]],
    facilitatorIds: [3, 7],
    rosterSize: 4,
  },
];

export const INDIVIDUAL_KINDS: Record<number, SessionKind[]> = {
  [BOL]: ["individual_educational", "individual_psychological", "individual_social", "family_meeting"],
  [OPE]: ["individual_educational", "individual_psychological", "individual_social"],
  [EST]: ["individual_educational", "individual_social", "accompaniment", "phone_contact", "home_visit", "mediation"],
  [CAS]: ["individual_educational", "home_visit", "accompaniment", "phone_contact"],
};
export const SESSION_NOTES = [
  "Colloquio di monitoraggio: umore stabile, partecipa volentieri alle attività.",
  "Ripreso il progetto individualizzato; concordati i prossimi passi.",
  "Riferisce difficoltà a dormire; proposto contatto con il CPS.",
  "Preparati i documenti per il rinnovo del permesso.",
  "Telefonata con la famiglia per organizzare il colloquio.",
  "Accompagnato al SerD per la visita programmata.",
];
export const GROUP_NOTES = [
  "Clima collaborativo.",
  "Gruppo stanco, attività ridotta.",
  "Buona partecipazione, nuovi lavori avviati.",
];

export const GOAL_TEXTS: Record<PlanArea, string> = {
  health: "Seguire con regolarità la terapia concordata con il CPS",
  addiction: "Mantenere l'astensione e i colloqui settimanali al SerD",
  housing: "Trovare una soluzione abitativa per il fine pena",
  work: "Completare il corso e avviare un tirocinio",
  family: "Riprendere i contatti con i figli attraverso colloqui protetti",
  documents: "Rinnovare carta d'identità e tessera sanitaria",
  primary_needs: "Accedere al banco alimentare e ai servizi di base",
  legal: "Preparare con il legale l'istanza di misura alternativa",
};
export const INTERVENTION_TEXTS: Record<PlanArea, string> = {
  health: "Accompagnamento alle visite e raccordo con il CPS",
  addiction: "Colloqui motivazionali e raccordo con il SerD",
  housing: "Ricerca di un alloggio con i servizi sociali",
  work: "Bilancio di competenze e orientamento al lavoro",
  family: "Mediazione familiare e colloqui con i figli",
  documents: "Pratiche per documenti e residenza",
  primary_needs: "Orientamento ai servizi di base",
  legal: "Raccordo con il legale e con l'UEPE",
};
export const CRISIS_NOTES: CrisisNotes[] = [
  {
    riskSigns: "Chiusura, rifiuto del cibo, frasi di sfiducia.",
    whatToDo: "Parlarne con calma, non lasciarlo solo, verificare la terapia.",
    whomToCall: "Il case manager, poi il CPS di zona (demo) +39 02 0000 0101.",
  },
  {
    riskSigns: "Agitazione serale, richiesta insistente di uscire.",
    whatToDo: "Proporre una telefonata alla sorella, ridurre gli stimoli.",
    whomToCall: "SerD reperibile (demo) +39 02 0000 0303.",
  },
  {
    riskSigns: "Insonnia, discorsi sul farla finita.",
    whatToDo: "Ascolto, non lasciarlo solo, togliere oggetti pericolosi.",
    whomToCall: "112 se il rischio è immediato, poi il coordinatore.",
  },
];

/** Host organisations and employers of the demo's internships and hires. */
export const DEMO_ORGANISATIONS = [
  { id: 1, name: "Cooperativa Il Germoglio (demo)", kind: "third_sector" },
  { id: 2, name: "Ciclofficina Ruota Libera (demo)", kind: "third_sector" },
  { id: 3, name: "Comune di Milano – Verde pubblico (demo)", kind: "public" },
  { id: 4, name: "Trattoria Da Demo (demo)", kind: "profit" },
] as const;

/** Referred people not (yet) taken in charge: names for the demo's pending and declined referrals. */
export const REFERRED_NAMES = [
  { givenName: "Alessio", familyName: "Segnalato" },
  { givenName: "Bianca", familyName: "Inattesa" },
  { givenName: "Dario", familyName: "Valutato" },
  { givenName: "Emma", familyName: "Inviata" },
] as const;
