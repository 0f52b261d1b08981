// How events look in chat: the /eventi list and the detail card, in the user's language.
import type { InlineKeyboard } from "grammy";
import type { Translate } from "../../../i18n.ts";
import { ACK_CALLBACK_PREFIX, describeEvent, formatEventTime } from "../../../services/alerts.ts";
import type { DeliveryFailure, EventDetails, EventSummary } from "../../../services/events.ts";
import { TELEGRAM_TEXT_LIMIT } from "../../../domain/plan-card.ts";
import { splitIntoMessages } from "../../../services/reports/digest-text.ts";
import { type Button, inlineKeyboard, inRows } from "../../keyboard.ts";

/** One chat message of a view, with the buttons that go under it. */
export interface ViewPart {
  text: string;
  keyboard?: InlineKeyboard;
}

const SHOW_BUTTONS_PER_ROW = 3;

const SEVERITY_ICON: Record<number, string> = { 1: "🟢", 2: "🟡", 3: "🟠", 4: "🔴" };

function statusLine(t: Translate, summary: EventSummary): string {
  if (summary.acknowledgedBy.length === 0) return t("events-status-open");
  return t("events-status-acknowledged", { names: summary.acknowledgedBy.join(", ") });
}

function failuresLine(t: Translate, failures: DeliveryFailure[]): string | null {
  if (failures.length === 0) return null;
  const names = failures.map((f) =>
    f.blocked ? t("events-failure-blocked", { name: f.recipientName }) : f.recipientName,
  );
  return t("events-failures", { names: names.join(", ") });
}

/** The open events, in as many messages as they need; each message has the buttons of the events it lists. */
export function renderEventList(t: Translate, events: EventSummary[], timeZone: string): ViewPart[] {
  if (events.length === 0) return [{ text: t("events-list-empty") }];
  const blocks = events.map(({ card, ...summary }) =>
    [
      t("events-list-line", {
        icon: SEVERITY_ICON[card.severity] ?? "",
        id: String(card.id),
        kind: t(`events-kind-${card.kind}`),
        severity: card.severity,
        site: card.siteName,
        when: formatEventTime(card.occurredAt, timeZone),
        people: card.people.length > 0 ? card.people.join(", ") : t("events-people-none"),
      }),
      `   ${statusLine(t, { card, ...summary })}`,
      failuresLine(t, summary.failures),
    ]
      .filter(Boolean)
      .join("\n"),
  );
  const title = t("events-list-title");
  return splitIntoMessages([title, ...blocks], TELEGRAM_TEXT_LIMIT, title).map((text) => {
    const shown = events.filter((_, index) => text.includes(blocks[index] as string));
    const buttons = shown.map(({ card }) => ({
      text: t("events-show-button", { id: String(card.id) }),
      data: `ev:show:${card.id}`,
    }));
    return { text, keyboard: buttons.length > 0 ? inlineKeyboard(inRows(buttons, SHOW_BUTTONS_PER_ROW)) : undefined };
  });
}

/** The event's card and follow-up notes, in as many messages as they need; the buttons go under the last one. */
export function renderEventDetails(t: Translate, details: EventDetails, timeZone: string): ViewPart[] {
  const { card } = details;
  const lines = [describeEvent(t, card, timeZone), "", t("events-detail-description", { text: details.description })];
  if (details.notified.length > 0) {
    lines.push(
      t("events-detail-notified", { list: details.notified.map((code) => t(`events-notified-${code}`)).join(", ") }),
    );
  }
  if (details.otherActions) lines.push(t("events-detail-other", { text: details.otherActions }));
  lines.push(details.status === "closed" ? t("events-status-closed") : statusLine(t, details));
  const failures = failuresLine(t, details.failures);
  if (failures) lines.push(failures);
  const followUps = details.followUps.map(
    (note) => `• ${formatEventTime(note.at, timeZone)} ${note.authorName}: ${note.text}`,
  );
  const heading = t("events-detail-followups");
  const sections = [lines.join("\n"), ...(followUps.length > 0 ? [[heading, ...followUps].join("\n")] : [])];
  const buttons: Button[] = [];
  if (details.canAcknowledge && !details.acknowledgedByMe) {
    buttons.push({ text: t("events-ack-button"), data: `${ACK_CALLBACK_PREFIX}${card.id}` });
  }
  if (details.canFollowUp) {
    buttons.push({ text: t("events-note-button"), data: `ev:note:${card.id}` });
    buttons.push({ text: t("events-close-button"), data: `ev:close:${card.id}` });
  }
  // Follow-up notes (up to 2,000 characters each) pile up: they go on in further messages rather than overflow one.
  const texts = splitIntoMessages(sections, TELEGRAM_TEXT_LIMIT, heading);
  return texts.map((text, index) => ({
    text,
    keyboard: index === texts.length - 1 && buttons.length > 0 ? inlineKeyboard([buttons]) : undefined,
  }));
}
