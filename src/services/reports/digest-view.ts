// What a digest is about (a site or a programme) and what its text is rendered from; shared by the digest service and
// its text renderer.
import type { DigestReport, WeeklyChartPoint } from "../../domain/digest.ts";
import type { FirstContactFigures } from "../../domain/first-contact.ts";
import type { UpcomingRelease } from "../release-checklist.ts";

export type ScopeKind = "site" | "programme";

export interface DigestTarget {
  kind: ScopeKind;
  id: number;
}

/** A computed digest with what its text needs to name ids: person codes, activity and staff names. */
export interface DigestView {
  target: DigestTarget;
  scopeName: string;
  report: DigestReport;
  chart: WeeklyChartPoint[];
  personCodes: Record<number, string>;
  activityNames: Record<number, string>;
  staffNames: Record<number, string>;
  /** Active staff of the scope's sites who have blocked the bot, by name: they get no alerts (others do). */
  unreachableStaff: string[];
  /** Break-the-glass grants on people of the scope during the week, in order: the day (Rome), who, which code. */
  breakGlassReads: BreakGlassRead[];
  /** Protected discharges of the scope in the next 30 days (from the day the digest is made), with what is missing. */
  releases: UpcomingRelease[];
  /** Releases of the scope in the last 30 days: first contact within 7 days, and who is still without one. */
  firstContact: FirstContactFigures;
}

export interface BreakGlassRead {
  on: string;
  readerName: string;
  code: string;
}
