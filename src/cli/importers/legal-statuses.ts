// `import legal-statuses`: changes of legal position, one row per person and effective date (a row for a date that
// already has a period corrects it). Every report uses the status in force on the date of each fact.
import { z } from "zod";
import { normalisePersonCode } from "../../domain/people.ts";
import { LEGAL_STATUSES } from "../../domain/legal-status.ts";
import { addDaysIso, localDate } from "../../domain/weeks.ts";
import { recordAudit } from "../../services/audit.ts";
import { LEGAL_STATUS_MAX_DAYS_AHEAD, writeLegalStatus } from "../../services/legal-status.ts";
import { cell, checkRows, readCsv, writeAllOrNothing } from "./csv.ts";
import { noSuchPerson, peopleByCode } from "./person-lookup.ts";
import type { Importer, RowError } from "./types.ts";

const COLUMNS = { required: ["person_code", "legal_status", "from_date"], optional: [] } as const;

export const personCode = () =>
  z.string().transform((value, context) => {
    const code = normalisePersonCode(value);
    if (code) return code;
    context.addIssue({ code: "custom", message: "must look like BOL-0042 (2–5 letters, a dash, 3–6 digits)" });
    return z.NEVER;
  });

const rowSchema = z.object({
  person_code: personCode(),
  legal_status: cell.code(LEGAL_STATUSES),
  from_date: cell.date(),
});

export const legalStatusesImporter: Importer = {
  kind: "legal-statuses",
  summary: "changes of legal status (person code, status, effective date)",
  async run(deps, fileText) {
    const now = deps.clock();
    const latest = addDaysIso(localDate(now, deps.timeZone), LEGAL_STATUS_MAX_DAYS_AHEAD);
    const read = readCsv(fileText, COLUMNS);
    const { checked, errors } = checkRows(read.rows, rowSchema);
    errors.push(...read.errors);
    const people = await peopleByCode(
      deps,
      checked.map((row) => row.value.person_code),
    );
    const lineOf = new Map<string, number>();
    const valid: { personId: number; code: string; status: (typeof LEGAL_STATUSES)[number]; fromOn: string }[] = [];
    for (const row of checked) {
      const rowErrors: RowError[] = [];
      const problem = (column: string, reason: string) => rowErrors.push({ line: row.line, column, reason });
      const { person_code: code, legal_status: status, from_date: fromOn } = row.value;
      const person = people.get(code);
      if (!person) problem("person_code", noSuchPerson(code));
      else if (fromOn < person.intakeOn) problem("from_date", `must not be before the intake (${person.intakeOn})`);
      if (fromOn > latest) problem("from_date", `must not be after ${latest}`);
      const key = `${code} ${fromOn}`;
      const earlier = lineOf.get(key);
      if (earlier !== undefined) problem("from_date", `${code} already has a change on ${fromOn} on line ${earlier}`);
      else lineOf.set(key, row.line);
      errors.push(...rowErrors);
      if (person && rowErrors.length === 0) valid.push({ personId: person.id, code, status, fromOn });
    }
    return writeAllOrNothing(deps, "legal-statuses", valid.length, errors, async (tx) => {
      for (const change of valid) {
        const { replaced } = await writeLegalStatus(tx, change.personId, change.status, change.fromOn, now);
        await recordAudit(tx, deps.cipher, {
          actorId: null,
          action: "person.legal_status",
          subjectType: "person",
          subjectId: change.code,
          personId: change.personId,
          details: { fromOn: change.fromOn, after: change.status, replaced, via: "import" },
          at: now,
        });
      }
    });
  },
};
