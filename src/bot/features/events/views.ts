// How events look in chat: the /eventi list and the detail card, in the user's language.
import { InlineKeyboard } from "grammy";
import type { Translate } from "../../../i18n.ts";
import { ACK_CALLBACK_PREFIX, describeEvent, formatEventTime } from "../../../services/alerts.ts";
import type { DeliveryFailure, EventDetails, EventSummary } from "../../../services/events.ts";
import { TELEGRAM_TEXT_LIMIT } from "../../../domain/plan-card.ts";
import { splitIntoMessages } from "../../../services/reports/digest-text.ts";

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

export function renderEventList(t: Translate, events: EventSummary[], timeZone: string) {
  if (events.length === 0) return { texts: [t("events-list-empty")], keyboard: undefined };
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
  const keyboard = new InlineKeyboard();
  events.forEach(({ card }, index) => {
    keyboard.text(t("events-show-button", { id: String(card.id) }), `ev:show:${card.id}`);
    if (index % 3 === 2) keyboard.row();
  });
  const title = t("events-list-title");
  return { texts: splitIntoMessages([title, ...blocks], TELEGRAM_TEXT_LIMIT, title), keyboard };
}

export function renderEventDetails(t: Translate, details: EventDetails, timeZone: string) {
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
  const keyboard = new InlineKeyboard();
  if (details.canAcknowledge && !details.acknowledgedByMe) {
    keyboard.text(t("events-ack-button"), `${ACK_CALLBACK_PREFIX}${card.id}`);
  }
  if (details.canFollowUp) {
    keyboard.text(t("events-note-button"), `ev:note:${card.id}`).text(t("events-close-button"), `ev:close:${card.id}`);
  }
  // Follow-up notes (up to 2,000 characters each) pile up: they go on in further messages rather than overflow one.
  return { texts: splitIntoMessages(sections, TELEGRAM_TEXT_LIMIT, heading), keyboard };
}
