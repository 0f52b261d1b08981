// What a path flow has gathered so far: the person, the action, and that action's answers (saved as a draft).
import type { FlowKit, Step } from "../../flows/kit.ts";
import type { Actor } from "../../../domain/permissions.ts";

/** What can be recorded about a person from 👤 Persone; each has a button label path-action-<id>. */
export const PATH_ACTION_IDS = [
  "housing_in",
  "housing_renew",
  "housing_out",
  "course",
  "internship_start",
  "internship_extend",
  "internship_end",
  "hire",
  "legal_status",
  "transfer",
  "discharge",
  "edit",
] as const;
export type PathActionId = (typeof PATH_ACTION_IDS)[number];

export interface PathDraft {
  personId?: number;
  /** "CODE · Name", for prompts and the draft summary. */
  personLabel?: string;
  intakeOn?: string;
  action?: string;
  legalStatus?: string;
  siteId?: number;
  outcome?: string;
  on?: string;
  /** A site of the person where the actor works (for the tutor's choices). */
  personSiteId?: number;
  /** The person's active internship, for extending or ending it. */
  internshipId?: number;
  /** The internship's host, start and planned end, for prompts and checks. */
  internshipHost?: string;
  internshipStartsOn?: string;
  internshipPlannedEndOn?: string;
  /** A known organisation (host or employer) picked, or the name typed for a new one and its kind. */
  organisationId?: number | null;
  organisationName?: string;
  organisationKind?: string | null;
  tutorId?: number | null;
  plannedEndOn?: string;
  hoursPerWeek?: number;
  allowanceCents?: number | null;
  allowancePayer?: string | null;
  interruptionReason?: string;
  contract?: string;
  /** Ended internships without a hire, which a hire may have followed. */
  hireCandidates?: { id: number; host: string }[];
  /** The ended internship a hire followed (null: none). */
  followedInternshipId?: number | null;
  /** Housing: the bed chosen, or the open stay to renew or end. */
  bedId?: number;
  stayId?: number;
  stayLabel?: string;
  stayFromOn?: string;
  stayPlannedEndOn?: string | null;
  /** Certified courses: those still without a certificate, the one chosen and what happened. */
  courses?: { enrolmentId: number; course: string; enrolledOn: string; completedOn: string | null }[];
  enrolmentId?: number;
  courseStep?: string;
  /** A correction of the record: the field and its new value. */
  recordField?: string;
  recordValue?: string | number | string[] | null;
}

/** What the action list needs to know about the person: internships, stays and courses, to offer what applies. */
export interface PersonState {
  internships: {
    id: number;
    hostName: string;
    startsOn: string;
    plannedEndOn: string;
    endsOn: string | null;
    hired: boolean;
  }[];
  stays: { id: number; bedLabel: string; fromOn: string; toOn: string | null; plannedEndOn: string | null }[];
  courses: {
    enrolmentId: number;
    course: string;
    enrolledOn: string;
    completedOn: string | null;
    certificateOn: string | null;
  }[];
}

/** One thing that can be recorded about a person: its button, who may do it, its steps and how it is saved. */
export interface PathAction {
  id: PathActionId;
  /** Only coordinators of one of the person's current sites (otherwise operators too). */
  coordinatorsOnly: boolean;
  /** Offered only when this holds for the person (default: always). */
  offered?(state: PersonState): boolean;
  /** Fills the draft from the person's state when the action is chosen. */
  prepare?(state: PersonState, draft: PathDraft): void;
  steps: Step<PathDraft>[];
  /** Saves the answers; returns the closing message, or `{ failed }` with the service's explanation. */
  save(kit: FlowKit, actor: Actor, draft: PathDraft): Promise<string | { failed: string }>;
}
