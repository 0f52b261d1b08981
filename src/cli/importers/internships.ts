// `import internships`: internships with their host (created once, matched by name), dates, hours and allowance, and
// for ended ones the outcome; one ended "hired" records the hire (contract, and employer when hired elsewhere).
import { z } from "zod";
import {
  ALLOWANCE_PAYERS,
  CONTRACT_TYPES,
  INTERNSHIP_OUTCOMES,
  INTERRUPTION_REASONS,
  isHireOutcome,
  ORGANISATION_KINDS,
  organisationKey,
} from "../../domain/internships.ts";
import { localDate } from "../../domain/weeks.ts";
import { recordAudit } from "../../services/audit.ts";
import { cell, checkRows, readCsv, writeAllOrNothing } from "./csv.ts";
import { personCode } from "./legal-statuses.ts";
import { staffByTelegramId } from "./lookups.ts";
import { noSuchPerson, peopleByCode } from "./person-lookup.ts";
import type { Importer, RowError, Transaction } from "./types.ts";

const COLUMNS = {
  required: ["person_code", "host", "start_date", "planned_end_date", "hours_per_week"],
  optional: [
    "host_kind",
    "tutor_telegram_id",
    "monthly_allowance_eur",
    "allowance_payer",
    "end_date",
    "outcome",
    "interruption_reason",
    "hire_contract",
    "employer",
    "employer_kind",
  ],
} as const;

const euros = z
  .string()
  .regex(/^\d{1,5}([.,]\d{1,2})?$/, "must be an amount in euros such as 450 or 450,50")
  .transform((value) => Math.round(Number(value.replace(",", ".")) * 100));

const rowSchema = z.object({
  person_code: personCode(),
  host: cell.text(120),
  host_kind: cell.code(ORGANISATION_KINDS).optional(),
  tutor_telegram_id: cell.telegramId().optional(),
  start_date: cell.date(),
  planned_end_date: cell.date(),
  hours_per_week: z
    .string()
    .regex(/^\d{1,2}$/, "must be whole hours per week between 1 and 48")
    .transform(Number)
    .refine((hours) => hours >= 1 && hours <= 48, "must be whole hours per week between 1 and 48"),
  monthly_allowance_eur: euros.optional(),
  allowance_payer: cell.code(ALLOWANCE_PAYERS).optional(),
  end_date: cell.date().optional(),
  outcome: cell.code(INTERNSHIP_OUTCOMES).optional(),
  interruption_reason: cell.code(INTERRUPTION_REASONS).optional(),
  hire_contract: cell.code(CONTRACT_TYPES).optional(),
  employer: cell.text(120).optional(),
  employer_kind: cell.code(ORGANISATION_KINDS).optional(),
});
type Row = z.output<typeof rowSchema>;

async function organisation(tx: Transaction, name: string, kind: string | undefined, at: Date): Promise<number> {
  const clean = name.trim().replace(/\s+/g, " ");
  const row = await tx.organisation.upsert({
    where: { nameKey: organisationKey(clean) },
    create: { name: clean, nameKey: organisationKey(clean), kind: kind ?? null, createdAt: at },
    update: kind ? { kind } : {},
  });
  return row.id;
}

export const internshipsImporter: Importer = {
  kind: "internships",
  summary: "internships with host, dates, hours, allowance and outcome (a hire recorded for 'hired' outcomes)",
  async run(deps, fileText) {
    const now = deps.clock();
    const today = localDate(now, deps.timeZone);
    const read = readCsv(fileText, COLUMNS);
    const { checked, errors } = checkRows(read.rows, rowSchema);
    errors.push(...read.errors);
    const people = await peopleByCode(
      deps,
      checked.map((row) => row.value.person_code),
    );
    const tutors = await staffByTelegramId(
      deps,
      checked.flatMap((row) => (row.value.tutor_telegram_id === undefined ? [] : [row.value.tutor_telegram_id])),
    );
    const activeInDb = new Set(
      (await deps.db.internship.findMany({ where: { status: "active" }, select: { personId: true } })).map(
        (i) => i.personId,
      ),
    );
    const activeLine = new Map<number, number>();
    const valid: (Row & { personId: number; tutorId: number | null; line: number })[] = [];
    for (const row of checked) {
      const rowErrors: RowError[] = [];
      const problem = (column: string, reason: string) => rowErrors.push({ line: row.line, column, reason });
      const v = row.value;
      const person = people.get(v.person_code);
      if (!person) problem("person_code", noSuchPerson(v.person_code));
      else if (v.start_date < person.intakeOn)
        problem("start_date", `must not be before the intake (${person.intakeOn})`);
      if (v.planned_end_date <= v.start_date) problem("planned_end_date", "must be after the start_date");
      let tutorId: number | null = null;
      if (v.tutor_telegram_id !== undefined) {
        const tutor = tutors.get(v.tutor_telegram_id);
        if (!tutor?.active)
          problem("tutor_telegram_id", `no active staff member has Telegram id ${v.tutor_telegram_id}`);
        else tutorId = tutor.id;
      }
      if (v.allowance_payer && !v.monthly_allowance_eur)
        problem("allowance_payer", "only with a monthly_allowance_eur");
      if ((v.end_date === undefined) !== (v.outcome === undefined))
        problem(v.end_date ? "outcome" : "end_date", "end_date and outcome go together");
      if (v.end_date && v.end_date < v.start_date) problem("end_date", "must not be before the start_date");
      if (v.end_date && v.end_date > today) problem("end_date", `must not be in the future (today is ${today})`);
      if ((v.outcome === "interrupted") !== (v.interruption_reason !== undefined))
        problem("interruption_reason", "is required for interrupted internships, and only for them");
      const hired = isHireOutcome(v.outcome ?? null);
      if (hired !== (v.hire_contract !== undefined))
        problem("hire_contract", "is required for hired_by_host or hired_elsewhere, and only for them");
      if ((v.outcome === "hired_elsewhere") !== (v.employer !== undefined))
        problem("employer", "is required for hired_elsewhere, and only for it");
      if (person && v.end_date === undefined) {
        const earlier = activeLine.get(person.id);
        if (activeInDb.has(person.id)) problem("person_code", `${v.person_code} already has an internship under way`);
        else if (earlier !== undefined)
          problem("person_code", `${v.person_code} has another internship under way on line ${earlier}`);
        else activeLine.set(person.id, row.line);
      }
      errors.push(...rowErrors);
      if (person && rowErrors.length === 0) valid.push({ ...v, personId: person.id, tutorId, line: row.line });
    }
    return writeAllOrNothing(deps, "internships", valid.length, errors, async (tx) => {
      for (const row of valid) {
        const hostId = await organisation(tx, row.host, row.host_kind, now);
        const internship = await tx.internship.create({
          data: {
            personId: row.personId,
            hostId,
            tutorId: row.tutorId,
            startsOn: row.start_date,
            plannedEndOn: row.planned_end_date,
            endsOn: row.end_date ?? null,
            hoursPerWeek: row.hours_per_week,
            monthlyAllowanceCents: row.monthly_allowance_eur ?? null,
            allowancePayer: row.allowance_payer ?? null,
            status: row.end_date ? "ended" : "active",
            outcome: row.outcome ?? null,
            interruptionReason: row.interruption_reason ?? null,
            createdAt: now,
          },
        });
        if (row.hire_contract) {
          const employerId =
            row.outcome === "hired_by_host"
              ? hostId
              : await organisation(tx, row.employer as string, row.employer_kind, now);
          await tx.hire.create({
            data: {
              personId: row.personId,
              employerId,
              hiredOn: row.end_date as string,
              contract: row.hire_contract,
              internshipId: internship.id,
              createdAt: now,
            },
          });
        }
        await recordAudit(tx, deps.cipher, {
          actorId: null,
          action: "internship.start",
          subjectType: "internship",
          subjectId: internship.id,
          personId: row.personId,
          details: { hostId, startsOn: row.start_date, outcome: row.outcome ?? null, via: "import" },
          at: now,
        });
      }
    });
  },
};
