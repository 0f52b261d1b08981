// "Record the first contact" on the 7-day alert: the day a receiving service outside Ponte first saw the person
// (Oggi, Ieri or typed, from the release day on). Sessions logged in Ponte count by themselves.
import { parseItalianDate } from "../../../domain/parse.ts";
import { dayMonthYear } from "../../../domain/schedule.ts";
import { addDaysIso, localDate } from "../../../domain/weeks.ts";
import { recordFirstContact, releaseForFirstContact } from "../../../services/first-contact.ts";
import { BACK, type FlowKit, invalid, ok } from "../../flows/kit.ts";

export const FIRST_CONTACT_FLOW = "release-first-contact";

export async function firstContactFlow(kit: FlowKit, releaseId?: string): Promise<void> {
  const staff = await kit.staff();
  if (!staff || releaseId === undefined) return;
  const release = await kit.call((deps) => releaseForFirstContact(deps, staff.actor, Number(releaseId)));
  if ("failed" in release) return kit.finish(release.failed);
  const today = localDate(await kit.now(), kit.deps.timeZone);
  const yesterday = addDaysIso(today, -1);
  const on = await kit.ask<string>({
    text: kit.t("first-contact-ask-day", { person: release.personLabel, date: dayMonthYear(release.releaseOn) }),
    choices: [
      { label: kit.t("date-today"), value: today },
      ...(yesterday >= release.releaseOn ? [{ label: kit.t("date-yesterday"), value: yesterday }] : []),
    ],
    columns: 2,
    back: false,
    parseText: (typed) => {
      const date = parseItalianDate(typed, today);
      if (!date) return invalid(kit.t("error-date-format"));
      if (date > today) return invalid(kit.t("error-date-future"));
      if (date < release.releaseOn) return invalid(kit.t("first-contact-before-release"));
      return ok(date);
    },
  });
  if (on === BACK) return;
  const saved = await kit.call((deps) => recordFirstContact(deps, staff.actor, { releasePlanId: release.id, on }));
  if (saved && "failed" in saved) return kit.finish(saved.failed);
  await kit.finish(kit.t("first-contact-saved", { person: release.personLabel, date: dayMonthYear(on) }));
}
