// ✏️ Correcting a person's record (coordinators): pick the field, give the new value; saved with before and after.
import { FRAGILITIES, GENDERS } from "../../../domain/roles.ts";
import {
  type PersonRecord,
  personRecord,
  type RecordField,
  updatePersonRecord,
} from "../../../services/person-record.ts";
import { listCoAuthorCandidates } from "../../../services/sessions.ts";
import { BACK, type FlowKit, invalid, ok, type StepResult } from "../../flows/kit.ts";
import type { PathAction, PathDraft } from "./draft.ts";

const NAME = /^[\p{L}' .-]{1,80}$/u;

async function current(kit: FlowKit, draft: PathDraft): Promise<PersonRecord | null> {
  const actor = (await kit.staff())?.actor;
  if (!actor) return null;
  return kit.conversation.external(() => personRecord(kit.deps, actor, draft.personId as number).catch(() => null));
}

async function askValue(kit: FlowKit, draft: PathDraft, record: PersonRecord): Promise<StepResult> {
  const field = draft.recordField as RecordField;
  const set = (value: string | number | string[] | null): StepResult => {
    draft.recordValue = value;
    return "next";
  };
  if (field === "givenName" || field === "familyName") {
    const value = await kit.ask<string>({
      text: kit.t("path-edit-ask-name", { current: record[field] }),
      parseText: (typed) => {
        const trimmed = typed.trim().replace(/\s+/g, " ");
        return NAME.test(trimmed) ? ok(trimmed) : invalid(kit.t("person-name-invalid"));
      },
    });
    return value === BACK ? BACK : set(value);
  }
  if (field === "birthYear") {
    const thisYear = Number(new Date(await kit.now()).getUTCFullYear());
    const value = await kit.ask<number | null>({
      text: kit.t("path-edit-ask-birth-year", { current: record.birthYear ?? "—" }),
      choices: [{ label: kit.t("path-edit-unknown"), value: null }],
      parseText: (typed) => {
        const year = Number(typed.trim());
        return Number.isInteger(year) && year >= 1900 && year <= thisYear - 14
          ? ok(year)
          : invalid(kit.t("person-birth-year-invalid"));
      },
    });
    return value === BACK ? BACK : set(value);
  }
  if (field === "gender") {
    const value = await kit.ask<string | null>({
      text: kit.t("path-edit-ask-gender"),
      choices: [
        ...GENDERS.map((gender) => ({ label: kit.t(`gender-${gender}`), value: gender })),
        { label: kit.t("path-edit-unknown"), value: null },
      ],
    });
    return value === BACK ? BACK : set(value);
  }
  if (field === "fragilities") {
    const chosen = new Set(record.fragilities);
    const states = await kit.toggles<"yes" | "no">({
      text: kit.t("person-ask-fragilities"),
      items: FRAGILITIES.map((flag) => ({ key: flag, label: kit.t(`fragility-${flag}`) })),
      states: Object.fromEntries(FRAGILITIES.map((flag) => [flag, chosen.has(flag) ? "yes" : "no"])),
      cycle: ["no", "yes"],
      icon: { yes: "☑️", no: "⬜" },
      confirmLabel: kit.t("flow-confirm"),
    });
    return states === BACK ? BACK : set(FRAGILITIES.filter((flag) => states[flag] === "yes"));
  }
  const actor = (await kit.staff())?.actor;
  if (!actor) return BACK;
  const others = await kit.conversation.external(() =>
    listCoAuthorCandidates(kit.deps, actor, draft.personSiteId as number).catch(() => []),
  );
  const value = await kit.ask<number | null>({
    text: kit.t("path-edit-ask-case-manager"),
    choices: [
      { label: kit.t("path-tutor-me"), value: actor.staffId },
      ...others.map((staff) => ({ label: staff.displayName, value: staff.id })),
      { label: kit.t("path-edit-nobody"), value: null },
    ],
  });
  return value === BACK ? BACK : set(value);
}

const FIELDS: RecordField[] = ["givenName", "familyName", "birthYear", "gender", "fragilities", "caseManagerId"];

export const EDIT_RECORD: PathAction = {
  id: "edit",
  coordinatorsOnly: true,
  steps: [
    async (kit, draft) => {
      const value = await kit.ask<RecordField>({
        text: kit.t("path-edit-ask-field", { person: draft.personLabel ?? "" }),
        choices: FIELDS.map((field) => ({ label: kit.t(`path-edit-field-${field}`), value: field })),
        columns: 2,
      });
      if (value === BACK) return BACK;
      draft.recordField = value;
      return "next";
    },
    async (kit, draft) => {
      const record = await current(kit, draft);
      if (!record) return BACK;
      return askValue(kit, draft, record);
    },
  ],
  async save(kit, actor, draft) {
    const field = draft.recordField as RecordField;
    const saved = await kit.call((deps) =>
      updatePersonRecord(deps, actor, draft.personId as number, { [field]: draft.recordValue }),
    );
    if ("failed" in saved) return saved;
    return kit.t("path-edit-saved", { person: draft.personLabel ?? "", field: kit.t(`path-edit-field-${field}`) });
  },
};
