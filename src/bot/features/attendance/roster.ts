// The roster as tap-to-cycle buttons (present → absent → excused), edited in place, 20 to a page and searchable by
// typing (kit.toggles), with the running counts under the title; shared with corrections.
import { ROSTER_STATUSES, type RosterStatus, type Statuses } from "../../../services/attendance.ts";
import type { PersonPick } from "../../../services/sessions.ts";
import type { Back, FlowKit } from "../../flows/kit.ts";

export const ROSTER_ICONS: Record<RosterStatus, string> = { present: "✅", absent: "❌", excused: "🟡" };

export async function askRoster(
  kit: FlowKit,
  options: { title: string; people: PersonPick[]; statuses?: Statuses },
): Promise<Statuses | Back> {
  return kit.toggles<RosterStatus>({
    text: `${options.title}\n${kit.t("attendance-roster-help")}`,
    items: options.people.map((person) => ({ key: String(person.id), label: `${person.code} · ${person.shortName}` })),
    states: Object.fromEntries(
      options.people.map((person) => [String(person.id), options.statuses?.[String(person.id)] ?? "present"]),
    ),
    cycle: ROSTER_STATUSES,
    icon: ROSTER_ICONS,
    confirmLabel: kit.t("flow-confirm"),
    summary: (states) => {
      const count = (status: RosterStatus) => Object.values(states).filter((s) => s === status).length;
      return kit.t("attendance-counts", {
        present: count("present"),
        absent: count("absent"),
        excused: count("excused"),
      });
    },
  });
}
