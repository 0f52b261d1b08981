// The handover letter to a receiving service outside Ponte, in words: who the person is (names and birth year only),
// the release and first appointment, the consent it rests on, the crisis notes and the plan's open goals, and whom to
// call in the sending team. Nothing else of the record goes in: no events, notes, interventions or other people.
// Pure: the writer (a .docx) lays these blocks out as they are.
import type { CrisisNotes } from "./plan-card.ts";
import { dayMonthYear } from "./schedule.ts";
import type { IsoDate } from "./weeks.ts";

export interface HandoverLetterFacts {
  writtenOn: IsoDate;
  fromSite: string;
  sender: { name: string; phone: string | null };
  service: { kind: string; contact: string | null; firstAppointmentOn: IsoDate | null };
  person: { givenName: string; familyName: string; birthYear: number | null };
  releaseOn: IsoDate;
  consent: { on: IsoDate; scope: string };
  crisis: CrisisNotes | null;
  goals: { area: string; text: string }[];
}

export interface LetterBlock {
  heading: string | null;
  lines: string[];
}

export interface HandoverLetter {
  title: string;
  blocks: LetterBlock[];
  footer: string;
}

type Translate = (key: string, params?: Record<string, string | number>) => string;

export function handoverLetter(facts: HandoverLetterFacts, t: Translate): HandoverLetter {
  const person = `${facts.person.givenName} ${facts.person.familyName}`;
  const service = t(`release-service-${facts.service.kind}`);
  return {
    title: t("letter-title"),
    blocks: [
      { heading: null, lines: [t("letter-place-date", { site: facts.fromSite, date: dayMonthYear(facts.writtenOn) })] },
      {
        heading: null,
        lines: [
          facts.service.contact
            ? t("letter-to-contact", { contact: facts.service.contact, service })
            : t("letter-to-service", { service }),
        ],
      },
      {
        heading: null,
        lines: [
          facts.person.birthYear === null
            ? t("letter-subject", { person, date: dayMonthYear(facts.releaseOn) })
            : t("letter-subject-born", {
                person,
                year: facts.person.birthYear,
                date: dayMonthYear(facts.releaseOn),
              }),
        ],
      },
      {
        heading: null,
        lines: [
          t("letter-introduction", { person, site: facts.fromSite, date: dayMonthYear(facts.releaseOn) }),
          facts.service.firstAppointmentOn
            ? t("letter-appointment", { date: dayMonthYear(facts.service.firstAppointmentOn) })
            : t("letter-appointment-none"),
          t("letter-consent", {
            date: dayMonthYear(facts.consent.on),
            scope: t(`release-consent-scope-${facts.consent.scope}`),
          }),
        ],
      },
      {
        heading: t("letter-crisis"),
        lines: facts.crisis
          ? [
              t("plans-crisis-risk-signs", { text: facts.crisis.riskSigns }),
              t("plans-crisis-what-to-do", { text: facts.crisis.whatToDo }),
              t("plans-crisis-whom-to-call", { text: facts.crisis.whomToCall }),
            ]
          : [t("letter-none")],
      },
      {
        heading: t("letter-goals"),
        lines: facts.goals.length
          ? facts.goals.map((goal) => `• ${t(`plans-area-${goal.area}`)}: ${goal.text}`)
          : [t("letter-none")],
      },
      {
        heading: null,
        lines: [
          facts.sender.phone
            ? t("letter-contact-phone", { name: facts.sender.name, phone: facts.sender.phone, site: facts.fromSite })
            : t("letter-contact", { name: facts.sender.name, site: facts.fromSite }),
          t("letter-greeting"),
          facts.sender.name,
        ],
      },
    ],
    footer: t("letter-footer"),
  };
}
