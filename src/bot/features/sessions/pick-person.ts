// Choosing a person: recent people as buttons, or a typed code / part of a name; several matches come back as buttons.
import type { Actor } from "../../../domain/permissions.ts";
import { clip } from "../../../domain/plan-card.ts";
import { findPeopleForLogging, type PersonPick } from "../../../services/sessions.ts";
import { BACK, type Back, type Choice, ECHO_MAX, type FlowKit, invalid, ok } from "../../flows/kit.ts";

export const DONE = "done";
type Search = { query: string };

export function personLabel(person: PersonPick): string {
  return `${person.code} · ${person.shortName}`;
}

export async function pickPerson(
  kit: FlowKit,
  actor: Actor,
  options: { text: string; initial: PersonPick[]; back: boolean; doneLabel?: string },
): Promise<PersonPick | typeof DONE | Back> {
  let text = options.text;
  let candidates = options.initial;
  for (;;) {
    const choices: Choice<PersonPick | Search | typeof DONE>[] = candidates.map((person) => ({
      label: personLabel(person),
      value: person,
    }));
    if (options.doneLabel) choices.push({ label: options.doneLabel, value: DONE });
    const answer = await kit.ask<PersonPick | Search | typeof DONE>({
      text,
      choices,
      columns: 1,
      back: options.back || candidates !== options.initial,
      parseText: (typed) =>
        typed.trim().length >= 2 ? ok({ query: typed.trim() }) : invalid(kit.t("session-search-too-short")),
    });
    if (answer === BACK) {
      if (candidates === options.initial) return BACK;
      // Back from search results returns to the first list.
      text = options.text;
      candidates = options.initial;
      continue;
    }
    if (answer === DONE || !("query" in answer)) return answer;
    const query = answer.query;
    const found = await kit.conversation.external(() => findPeopleForLogging(kit.deps, actor, query));
    if (found.length === 1) return found[0] as PersonPick;
    text =
      found.length === 0
        ? kit.t("session-search-none", { query: clip(query, ECHO_MAX) })
        : kit.t("session-search-matches", { count: found.length });
    candidates = found.length === 0 ? options.initial : found;
  }
}
