// `import allowances`: the allowance actually paid for a month of an internship (the internship named by the person's
// code and its start date). A row for a month already recorded corrects its amount.
import { z } from "zod";
import { cell, checkRows, readCsv, writeAllOrNothing } from "./csv.ts";
import { personCode } from "./legal-statuses.ts";
import { noSuchPerson, peopleByCode } from "./person-lookup.ts";
import type { Importer, RowError } from "./types.ts";

const COLUMNS = { required: ["person_code", "internship_start_date", "month", "amount_eur"], optional: [] } as const;

const rowSchema = z.object({
  person_code: personCode(),
  internship_start_date: cell.date(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month YYYY-MM"),
  amount_eur: z
    .string()
    .regex(/^\d{1,5}([.,]\d{1,2})?$/, "must be an amount in euros such as 450 or 450,50")
    .transform((value) => Math.round(Number(value.replace(",", ".")) * 100)),
});

export const allowancesImporter: Importer = {
  kind: "allowances",
  summary: "allowances paid per month of an internship (person code, internship start, month, euros)",
  async run(deps, fileText) {
    const now = deps.clock();
    const read = readCsv(fileText, COLUMNS);
    const { checked, errors } = checkRows(read.rows, rowSchema);
    errors.push(...read.errors);
    const people = await peopleByCode(
      deps,
      checked.map((row) => row.value.person_code),
    );
    const internships = await deps.db.internship.findMany({
      where: { personId: { in: [...people.values()].map((p) => p.id) } },
      select: { id: true, personId: true, startsOn: true, endsOn: true, plannedEndOn: true },
    });
    const lineOf = new Map<string, number>();
    const valid: { internshipId: number; personId: number; month: string; amountCents: number }[] = [];
    for (const row of checked) {
      const rowErrors: RowError[] = [];
      const problem = (column: string, reason: string) => rowErrors.push({ line: row.line, column, reason });
      const v = row.value;
      const person = people.get(v.person_code);
      const internship = person
        ? internships.find((i) => i.personId === person.id && i.startsOn === v.internship_start_date)
        : undefined;
      if (!person) problem("person_code", noSuchPerson(v.person_code));
      else if (!internship)
        problem("internship_start_date", `${v.person_code} has no internship starting on ${v.internship_start_date}`);
      else {
        const lastDay = internship.endsOn ?? internship.plannedEndOn;
        if (v.month < internship.startsOn.slice(0, 7) || v.month > lastDay.slice(0, 7))
          problem("month", `must fall within the internship (${internship.startsOn} – ${lastDay})`);
        const key = `${internship.id} ${v.month}`;
        const earlier = lineOf.get(key);
        if (earlier !== undefined) problem("month", `is also on line ${earlier} for this internship`);
        else lineOf.set(key, row.line);
      }
      errors.push(...rowErrors);
      if (internship && rowErrors.length === 0)
        valid.push({
          internshipId: internship.id,
          personId: internship.personId,
          month: v.month,
          amountCents: v.amount_eur,
        });
    }
    return writeAllOrNothing(deps, "allowances", valid.length, errors, async (tx) => {
      for (const row of valid) {
        await tx.allowancePayment.upsert({
          where: { internshipId_month: { internshipId: row.internshipId, month: row.month } },
          create: { internshipId: row.internshipId, month: row.month, amountCents: row.amountCents, createdAt: now },
          update: { amountCents: row.amountCents },
        });
      }
    });
  },
};
