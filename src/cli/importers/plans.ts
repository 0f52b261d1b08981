// `import plans`: individual plans from a CSV with one row per item (objective, crisis notes, goals,
// interventions, network contacts, dates). Each person's rows make one whole plan, written as a new version that
// replaces the active one. Format: docs/plans-import.md.
import { z } from "zod";
import { GOAL_STATUSES, PLAN_AREAS } from "../../domain/plan-card.ts";
import { normalisePersonCode } from "../../domain/people.ts";
import { recordAudit } from "../../services/audit.ts";
import { type PlanContent, writePlanVersion } from "../../services/plans.ts";
import { cell, checkRows, readCsv, writeAllOrNothing } from "./csv.ts";
import type { Importer, RowError } from "./types.ts";

const OPTIONAL = ["area", "text", "status", "date", "who", "frequency", "service", "referent", "phone"] as const;
type ItemColumn = (typeof OPTIONAL)[number];
const PLAN_COLUMNS = { required: ["person_code", "record"], optional: OPTIONAL } as const;

const RECORDS = [
  "objective",
  "risk_signs",
  "what_to_do",
  "whom_to_call",
  "review",
  "signed",
  "goal",
  "intervention",
  "contact",
] as const;
type RecordKind = (typeof RECORDS)[number];

/** Which cells each kind of row needs and may have; `text` has its own maximum per kind. */
const RULES: Record<RecordKind, { required: ItemColumn[]; allowed: ItemColumn[]; textMax?: number }> = {
  objective: { required: ["text"], allowed: [], textMax: 2000 },
  risk_signs: { required: ["text"], allowed: [], textMax: 1000 },
  what_to_do: { required: ["text"], allowed: [], textMax: 1000 },
  whom_to_call: { required: ["text"], allowed: [], textMax: 1000 },
  review: { required: ["date"], allowed: [] },
  signed: { required: ["date"], allowed: [] },
  goal: { required: ["area", "text"], allowed: ["status", "date"], textMax: 500 },
  intervention: { required: ["area", "text"], allowed: ["who", "frequency"], textMax: 500 },
  contact: { required: ["service"], allowed: ["referent", "phone"] },
};

const SINGLE: RecordKind[] = ["objective", "risk_signs", "what_to_do", "whom_to_call", "review", "signed"];
const CRISIS = ["risk_signs", "what_to_do", "whom_to_call"] as const;

const rowSchema = z.object({
  person_code: z.string().transform((value, context) => {
    const code = normalisePersonCode(value);
    if (code) return code;
    context.addIssue({ code: "custom", message: "must be a person code such as BOL-0042" });
    return z.NEVER;
  }),
  record: cell.code(RECORDS),
  area: cell.code(PLAN_AREAS).optional(),
  text: cell.text(2000).optional(),
  status: cell.code(GOAL_STATUSES).optional(),
  date: cell.date().optional(),
  who: cell.text(120).optional(),
  frequency: cell.text(120).optional(),
  service: cell.text(120).optional(),
  referent: cell.text(120).optional(),
  phone: cell.text(40).optional(),
});
type PlanRow = z.output<typeof rowSchema>;

interface PlanDraft {
  firstLine: number;
  rows: number;
  singles: Partial<Record<RecordKind, { line: number; row: PlanRow }>>;
  items: PlanRow[];
}

function rowProblems(line: number, row: PlanRow): RowError[] {
  const rule = RULES[row.record];
  const problems: RowError[] = [];
  for (const column of rule.required) {
    if (row[column] === undefined) problems.push({ line, column, reason: `is required for ${row.record} rows` });
  }
  for (const column of OPTIONAL) {
    if (row[column] !== undefined && !rule.required.includes(column) && !rule.allowed.includes(column)) {
      problems.push({ line, column, reason: `is not used by ${row.record} rows: leave it empty` });
    }
  }
  if (rule.textMax && row.text && row.text.length > rule.textMax) {
    problems.push({
      line,
      column: "text",
      reason: `must be at most ${rule.textMax} characters for ${row.record} rows`,
    });
  }
  return problems;
}

export const plansImporter: Importer = {
  kind: "plans",
  summary: "individual plans, one row per item; each person's rows replace their active plan with a new version",
  async run(deps, fileText) {
    const now = deps.clock();
    const read = readCsv(fileText, PLAN_COLUMNS);
    const { checked, errors } = checkRows(read.rows, rowSchema);
    errors.push(...read.errors);

    const drafts = new Map<string, PlanDraft>();
    for (const { line, value } of checked) {
      const problems = rowProblems(line, value);
      errors.push(...problems);
      if (problems.length > 0) continue;
      const draft = drafts.get(value.person_code) ?? { firstLine: line, rows: 0, singles: {}, items: [] };
      drafts.set(value.person_code, draft);
      draft.rows++;
      if (!SINGLE.includes(value.record)) {
        draft.items.push(value);
        continue;
      }
      const earlier = draft.singles[value.record];
      if (earlier) {
        errors.push({
          line,
          column: "record",
          reason: `${value.person_code} already has a ${value.record} row on line ${earlier.line}`,
        });
      } else draft.singles[value.record] = { line, row: value };
    }

    const people = await deps.db.person.findMany({
      where: { code: { in: [...drafts.keys()] }, erasedAt: null },
      select: { id: true, code: true },
    });
    const personIds = new Map(people.map((person) => [person.code, person.id]));
    for (const [code, draft] of drafts) {
      if (!personIds.has(code))
        errors.push({ line: draft.firstLine, column: "person_code", reason: `no person has the code ${code}` });
      const present = CRISIS.filter((kind) => draft.singles[kind]);
      if (present.length > 0 && present.length < CRISIS.length) {
        const missing = CRISIS.filter((kind) => !draft.singles[kind]).join(", ");
        errors.push({
          line: draft.firstLine,
          column: "record",
          reason: `the crisis notes of ${code} need risk_signs, what_to_do and whom_to_call together (missing: ${missing})`,
        });
      }
    }

    const contentOf = (code: string, draft: PlanDraft): { personId: number; content: PlanContent } => {
      const single = (kind: RecordKind) => draft.singles[kind]?.row;
      const riskSigns = single("risk_signs")?.text;
      const whatToDo = single("what_to_do")?.text;
      const whomToCall = single("whom_to_call")?.text;
      const items = (kind: RecordKind) => draft.items.filter((item) => item.record === kind);
      return {
        personId: personIds.get(code) as number,
        content: {
          generalObjective: single("objective")?.text ?? null,
          crisisNotes: riskSigns && whatToDo && whomToCall ? { riskSigns, whatToDo, whomToCall } : null,
          reviewOn: single("review")?.date ?? null,
          signedByPersonOn: single("signed")?.date ?? null,
          approvedById: null,
          approvedAt: null,
          goals: items("goal").map((goal) => ({
            area: goal.area as string,
            text: goal.text as string,
            status: goal.status ?? "open",
            targetOn: goal.date ?? null,
          })),
          interventions: items("intervention").map((item) => ({
            area: item.area as string,
            what: item.text as string,
            who: item.who ?? null,
            frequency: item.frequency ?? null,
          })),
          network: items("contact").map((contact) => ({
            service: contact.service as string,
            referent: contact.referent ?? null,
            phone: contact.phone ?? null,
          })),
        },
      };
    };

    const rows = [...drafts.values()].reduce((sum, draft) => sum + draft.rows, 0);
    return writeAllOrNothing(deps, "plans", rows, errors, async (tx) => {
      for (const [code, draft] of drafts) {
        const { personId, content } = contentOf(code, draft);
        const plan = await writePlanVersion(tx, deps.cipher, personId, content, { authorId: null, now });
        await recordAudit(tx, deps.cipher, {
          actorId: null,
          action: "plan.import",
          subjectType: "plan",
          subjectId: plan.id,
          personId,
          details: { version: plan.version },
          at: now,
        });
      }
    });
  },
};
