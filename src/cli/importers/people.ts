// `import people`: people in charge, one row each; names are encrypted and indexed for search like in the bot.
import { z } from "zod";
import { hasRoleAt } from "../../domain/permissions.ts";
import { nextPersonCode, normalisePersonCode } from "../../domain/people.ts";
import { LEGAL_STATUSES } from "../../domain/legal-status.ts";
import { FRAGILITIES, GENDERS } from "../../domain/roles.ts";
import { localDate } from "../../domain/weeks.ts";
import { recordAudit } from "../../services/audit.ts";
import { insertPerson, personInput } from "../../services/people.ts";
import { type CheckedRow, cell, checkRows, readCsv, writeAllOrNothing } from "./csv.ts";
import { type ImportSite, noSuchSite, sitesByPrefix, staffByTelegramId } from "./lookups.ts";
import type { Importer, RowError } from "./types.ts";

const PEOPLE_COLUMNS = {
  required: ["given_name", "family_name", "legal_status", "intake_date", "site"],
  optional: ["code", "birth_year", "gender", "fragilities", "referring_service", "case_manager_telegram_id"],
} as const;

function rowSchema(currentYear: number) {
  return z.object({
    code: z
      .string()
      .transform((value, context) => {
        const code = normalisePersonCode(value);
        if (code) return code;
        context.addIssue({ code: "custom", message: "must look like BOL-0042 (2–5 letters, a dash, 3–6 digits)" });
        return z.NEVER;
      })
      .optional(),
    given_name: cell.text(80),
    family_name: cell.text(80),
    birth_year: cell.year(1900, currentYear).optional(),
    gender: cell.code(GENDERS).optional(),
    legal_status: cell.code(LEGAL_STATUSES),
    fragilities: cell.codeList(FRAGILITIES).optional(),
    referring_service: cell.text(120).optional(),
    intake_date: cell.date(),
    site: cell.sitePrefix(),
    case_manager_telegram_id: cell.telegramId().optional(),
  });
}
type PersonRow = z.output<ReturnType<typeof rowSchema>>;

// personInput's field names, back to the CSV columns they came from (for the rare problem only it can see).
const COLUMN_OF_FIELD: Record<string, string> = {
  siteId: "site",
  givenName: "given_name",
  familyName: "family_name",
  birthYear: "birth_year",
  gender: "gender",
  legalStatus: "legal_status",
  fragilities: "fragilities",
  referringService: "referring_service",
  intakeOn: "intake_date",
  caseManagerId: "case_manager_telegram_id",
  code: "code",
};

export const peopleImporter: Importer = {
  kind: "people",
  summary: "people in charge (names encrypted; codes generated from the site prefix when empty)",
  async run(deps, fileText) {
    const now = deps.clock();
    const today = localDate(now, deps.timeZone);
    const read = readCsv(fileText, PEOPLE_COLUMNS);
    const { checked, errors } = checkRows(read.rows, rowSchema(Number(today.slice(0, 4))));
    errors.push(...read.errors);

    const sites = await sitesByPrefix(deps);
    const caseManagers = await staffByTelegramId(
      deps,
      checked.flatMap((row) =>
        row.value.case_manager_telegram_id === undefined ? [] : [row.value.case_manager_telegram_id],
      ),
    );
    const existingCodes = (await deps.db.person.findMany({ select: { code: true } })).map((person) => person.code);
    const existing = new Set(existingCodes);
    const lineOfCode = new Map<string, number>();

    const valid: (CheckedRow<PersonRow> & { site: ImportSite; caseManagerId: number | null })[] = [];
    for (const row of checked) {
      const rowErrors: RowError[] = [];
      const problem = (column: string, reason: string) => rowErrors.push({ line: row.line, column, reason });
      const { code, site: prefix, intake_date, case_manager_telegram_id } = row.value;
      const site = sites.get(prefix);
      if (!site) problem("site", noSuchSite(prefix));
      if (intake_date > today) problem("intake_date", `must not be in the future (today is ${today})`);
      if (code !== undefined) {
        const earlier = lineOfCode.get(code);
        if (existing.has(code)) problem("code", `${code} already exists`);
        else if (earlier !== undefined) problem("code", `${code} is also on line ${earlier}`);
        else lineOfCode.set(code, row.line);
      }
      let caseManagerId: number | null = null;
      if (case_manager_telegram_id !== undefined) {
        const staff = caseManagers.get(case_manager_telegram_id);
        if (!staff?.active)
          problem("case_manager_telegram_id", `no active staff member has Telegram id ${case_manager_telegram_id}`);
        else if (site && !hasRoleAt(staff.actor, site, ["operator", "coordinator"])) {
          problem("case_manager_telegram_id", `${staff.displayName} is not an operator or coordinator at ${prefix}`);
        } else caseManagerId = staff.id;
      }
      errors.push(...rowErrors);
      if (site && rowErrors.length === 0) valid.push({ ...row, site, caseManagerId });
    }

    // Codes are settled before writing, so a generated code can never collide with one written later in the file.
    const taken = [...existingCodes, ...lineOfCode.keys()];
    const people = valid.flatMap((row) => {
      const code = row.value.code ?? nextPersonCode(row.site.codePrefix, taken);
      taken.push(code);
      const data = personInput.safeParse({
        siteId: row.site.id,
        givenName: row.value.given_name,
        familyName: row.value.family_name,
        birthYear: row.value.birth_year ?? null,
        gender: row.value.gender ?? null,
        legalStatus: row.value.legal_status,
        fragilities: row.value.fragilities ?? [],
        referringService: row.value.referring_service ?? null,
        intakeOn: row.value.intake_date,
        caseManagerId: row.caseManagerId,
        code,
      });
      if (data.success) return [{ site: row.site, data: data.data }];
      for (const issue of data.error.issues) {
        errors.push({ line: row.line, column: COLUMN_OF_FIELD[String(issue.path[0])] ?? "", reason: issue.message });
      }
      return [];
    });

    return writeAllOrNothing(deps, "people", people.length, errors, async (tx) => {
      for (const { site, data } of people) {
        const person = await insertPerson(tx, deps, site, data);
        await recordAudit(tx, deps.cipher, {
          actorId: null,
          action: "person.create",
          subjectType: "person",
          subjectId: person.code,
          personId: person.id,
          details: { via: "import" },
          at: now,
        });
      }
    });
  },
};
