// Coordinators follow an event up: a note (encrypted), or closing it with an optional closing note.
import { DESCRIPTION_MAX, addFollowUp, assertCanFollowUp, closeEvent } from "../../../services/events.ts";
import { BACK, type FlowKit, invalid, ok, type Parsed } from "../../flows/kit.ts";

/** The actor, once the service agrees they may follow this event up; otherwise the refusal is shown. */
async function followUpActor(kit: FlowKit, eventId: number) {
  const staff = await kit.staff();
  if (!staff?.active) return null;
  const allowed = await kit.call((deps) => assertCanFollowUp(deps, staff.actor, eventId));
  if ("failed" in allowed) {
    await kit.finish(allowed.failed);
    return null;
  }
  return staff.actor;
}

const noteText =
  (kit: FlowKit) =>
  (text: string): Parsed<string> =>
    text.trim().length >= 1 && text.trim().length <= DESCRIPTION_MAX
      ? ok(text.trim())
      : invalid(kit.t("error-text-length", { min: 1, max: DESCRIPTION_MAX }));

export async function followUpNoteFlow(kit: FlowKit, eventIdText = ""): Promise<void> {
  const eventId = Number(eventIdText);
  const actor = await followUpActor(kit, eventId);
  if (!actor) return;
  const text = await kit.ask<string>({
    text: kit.t("events-ask-note", { id: String(eventId) }),
    parseText: noteText(kit),
    back: false,
  });
  if (text === BACK) return;
  const saved = await kit.call((deps) => addFollowUp(deps, actor, eventId, text));
  await kit.finish("failed" in saved ? saved.failed : kit.t("events-note-saved", { id: String(eventId) }));
}

export async function closeEventFlow(kit: FlowKit, eventIdText = ""): Promise<void> {
  const eventId = Number(eventIdText);
  const actor = await followUpActor(kit, eventId);
  if (!actor) return;
  const note = await kit.ask<string | null>({
    text: kit.t("events-ask-close", { id: String(eventId) }),
    choices: [{ label: kit.t("events-close-without-note"), value: null }],
    parseText: noteText(kit),
    back: false,
  });
  if (note === BACK) return;
  const closed = await kit.call((deps) => closeEvent(deps, actor, eventId, note));
  await kit.finish("failed" in closed ? closed.failed : kit.t("events-closed", { id: String(eventId) }));
}
