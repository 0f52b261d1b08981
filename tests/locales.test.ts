// Every message id the code uses exists in both locales, and every id of a locale is used somewhere. Ids are read
// from the source with the TypeScript parser: literal keys of t(), translate(), i18n.t(), ServiceError and the menu;
// literals shaped like an id of a known family anywhere else (tables of labels, keys passed to helpers); and keys
// built from a template such as `events-kind-${kind}`, expanded with the domain's lists of codes (DYNAMIC_IDS below).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ACTIVITY_KINDS } from "../src/services/activities.ts";
import { AUDIT_ACTIONS, AUDIT_VIAS, auditActionLabel } from "../src/domain/audit-actions.ts";
import { DIGEST_COUNT_CODES } from "../src/domain/digest.ts";
import { EVENT_KINDS, NOTIFIED_PARTIES, SEVERITIES } from "../src/domain/escalation.ts";
import { GOAL_STATUSES, PLAN_AREAS } from "../src/domain/plan-card.ts";
import { AGE_BANDS, PROGRAMME_OUTPUT_KINDS, TARGET_CODES } from "../src/domain/output-indicators.ts";
import { HOST_KINDS } from "../src/domain/path-figures.ts";
import { LEGAL_STATUSES } from "../src/domain/legal-status.ts";
import { DISCHARGE_OUTCOMES } from "../src/domain/discharge.ts";
import { CONSENT_SCOPES, RECEIVING_SERVICE_KINDS, RELEASE_ITEMS } from "../src/domain/release.ts";
import { DECLINE_REASONS, REFERRAL_SOURCES, REFERRAL_STATUSES } from "../src/domain/referrals.ts";
import { COURSE_STEPS } from "../src/services/courses.ts";
import { RECORD_FIELDS } from "../src/services/person-record.ts";
import {
  ALLOWANCE_PAYERS,
  CONTRACT_TYPES,
  INTERNSHIP_OUTCOMES,
  INTERRUPTION_REASONS,
  ORGANISATION_KINDS,
} from "../src/domain/internships.ts";
import { PATH_ACTION_IDS } from "../src/bot/features/path/draft.ts";
import { FRAGILITIES, GENDERS, ROLES, SITE_KINDS } from "../src/domain/roles.ts";
import type { PlanChange, PlanPage } from "../src/services/plans.ts";
import { SESSION_KINDS } from "../src/services/sessions.ts";

/** Every key built from a template: its parts around the `${…}`, and the values the `${…}` can take. */
const PLAN_PAGES = { card: 1, goals: 1, network: 1, history: 1, full_name: 1, edit: 1 } satisfies Record<PlanPage, 1>;
const PLAN_CHANGES = {
  objective: 1,
  crisis: 1,
  add_goal: 1,
  goal_status: 1,
  add_intervention: 1,
  add_contact: 1,
  remove_contact: 1,
  review: 1,
  signed: 1,
  approve: 1,
  import: 1,
} satisfies Record<PlanChange["kind"] | "import", 1>;
const DYNAMIC_IDS: Record<string, readonly (string | number)[]> = {
  "role-*": ROLES,
  "site-kind-*": SITE_KINDS,
  "legal-*": LEGAL_STATUSES,
  "fragility-*": FRAGILITIES,
  "attendance-weekday-*": [1, 2, 3, 4, 5, 6, 7],
  "attendance-activity-kind-*": ACTIVITY_KINDS,
  "session-kind-*": SESSION_KINDS,
  "digest-session-kind-*": SESSION_KINDS,
  "digest-count-*": DIGEST_COUNT_CODES,
  "events-kind-*": EVENT_KINDS,
  "events-severity-*": SEVERITIES,
  "events-notified-*": NOTIFIED_PARTIES,
  "plans-area-*": PLAN_AREAS,
  "plans-goal-status-*": GOAL_STATUSES,
  "plans-contact-kind-*": SESSION_KINDS,
  "plans-change-*": Object.keys(PLAN_CHANGES),
  "plans-review-*": ["soon", "overdue"],
  "plans-audit-page-*": Object.keys(PLAN_PAGES),
  "plans-audit-via-*": AUDIT_VIAS.filter((via) => via !== "site"),
  "audit-action-*": AUDIT_ACTIONS.map((action) => auditActionLabel(action).slice("audit-action-".length)),
  "quarterly-indicator-*": TARGET_CODES,
  "quarterly-formula-*": TARGET_CODES,
  "quarterly-sex-*": ["female", "male", "other", "unknown"],
  "quarterly-path-host-*": HOST_KINDS,
  "quarterly-age-*": AGE_BANDS,
  "quarterly-status-*": ["detained", "external", "juvenile", "free", "unknown"],
  "discharge-outcome-*": DISCHARGE_OUTCOMES,
  "path-action-*": PATH_ACTION_IDS,
  "internship-outcome-*": INTERNSHIP_OUTCOMES,
  "internship-interruption-*": INTERRUPTION_REASONS,
  "organisation-kind-*": ORGANISATION_KINDS,
  "allowance-payer-*": ALLOWANCE_PAYERS,
  "contract-*": CONTRACT_TYPES,
  "referral-source-*": REFERRAL_SOURCES,
  "referral-decline-*": DECLINE_REASONS,
  "referral-status-*": REFERRAL_STATUSES,
  "path-edit-field-*": RECORD_FIELDS,
  "gender-*": GENDERS,
  "path-course-step-*": COURSE_STEPS,
  "path-course-saved-*": COURSE_STEPS,
  "release-service-*": RECEIVING_SERVICE_KINDS,
  "release-item-*": RELEASE_ITEMS,
  "outputs-kind-*": PROGRAMME_OUTPUT_KINDS,
  "release-consent-scope-*": CONSENT_SCOPES,
};

// Literals shaped like ids that are not messages: the ids of flows and of jobs.
const NOT_MESSAGE_PROPERTIES = new Set(["id", "name"]);
const NOT_MESSAGE_CALLS = new Set(["enter", "enterFromButton"]);
const ID_SHAPE = /^[a-z]+(-[a-z0-9_]+)+$/;

function localeIds(locale: string): { ids: Set<string>; references: Set<string> } {
  const text = readFileSync(`locales/${locale}.ftl`, "utf8");
  const ids = new Set([...text.matchAll(/^([a-zA-Z][\w-]*) *=/gm)].map((match) => match[1] as string));
  const references = new Set([...text.matchAll(/\{ *([a-z][\w-]*) *\}/g)].map((match) => match[1] as string));
  return { ids, references };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return file.includes("generated") ? [] : sourceFiles(file);
    return file.endsWith(".ts") ? [file] : [];
  });
}

interface CodeIds {
  /** Ids written out in full, with where. */
  exact: Map<string, string>;
  /** Templates ("events-kind-*"), with where. */
  templates: Map<string, string>;
  /** Every string literal of the code (a locale id among them counts as used). */
  literals: Set<string>;
}

/** The argument holding the message id, if this call takes one. */
function keyArgument(call: ts.CallExpression | ts.NewExpression): ts.Expression | undefined {
  const callee = call.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
  const args = call.arguments ?? ts.factory.createNodeArray();
  if (ts.isNewExpression(call)) return name === "ServiceError" ? args[0] : undefined;
  if (name === "translate" || name === "menuLabels") return args[1];
  if (name === "hears") return args[0];
  if (name !== "t") return undefined;
  // i18n.t(locale, key) outside updates; ctx.t(key) / kit.t(key) / t(key) inside them.
  const onInstance = ts.isPropertyAccessExpression(callee) && /i18n$/.test(callee.expression.getText());
  return onInstance ? args[1] : args[0];
}

/** The first two parts of an id ("plans-audit" of "plans-audit-title"): literals of a known family are ids. */
const familyOf = (id: string) => id.split("-").slice(0, 2).join("-");

function readCodeIds(namespaces: Set<string>, families: Set<string>): CodeIds {
  const found: CodeIds = { exact: new Map(), templates: new Map(), literals: new Set() };
  for (const file of sourceFiles("src")) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const addKey = (expression: ts.Expression) => {
      if (ts.isStringLiteralLike(expression)) found.exact.set(expression.text, where(expression));
      else if (ts.isTemplateExpression(expression)) {
        const skeleton = [expression.head.text, ...expression.templateSpans.map((span) => span.literal.text)].join("*");
        found.templates.set(skeleton, where(expression));
      } else if (ts.isConditionalExpression(expression)) {
        addKey(expression.whenTrue);
        addKey(expression.whenFalse);
      } else if (ts.isParenthesizedExpression(expression)) addKey(expression.expression);
    };
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const key = keyArgument(node);
        if (key) addKey(key);
      }
      // A template that starts like an id (`events-kind-${kind}`), wherever it is built.
      if (ts.isTemplateExpression(node) && namespaces.has(node.head.text.split("-")[0] as string)) {
        if (/^[a-z]+-/.test(node.head.text)) addKey(node);
      }
      if (
        ts.isStringLiteralLike(node) &&
        !ts.isImportDeclaration(node.parent) &&
        !ts.isExportDeclaration(node.parent)
      ) {
        found.literals.add(node.text);
        const parent = node.parent;
        const notMessage =
          (ts.isPropertyAssignment(parent) && NOT_MESSAGE_PROPERTIES.has(parent.name.getText())) ||
          (ts.isVariableDeclaration(parent) && /_FLOW$/.test(parent.name.getText())) ||
          (ts.isCallExpression(parent) &&
            NOT_MESSAGE_CALLS.has(
              ts.isPropertyAccessExpression(parent.expression)
                ? parent.expression.name.text
                : parent.expression.getText(),
            ));
        if (!notMessage && ID_SHAPE.test(node.text) && families.has(familyOf(node.text)) && !found.exact.has(node.text))
          found.exact.set(node.text, where(node));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

const it_ = localeIds("it");
const en = localeIds("en");
const namespaces = new Set([...it_.ids, ...en.ids].map((id) => id.split("-")[0] as string));
const code = readCodeIds(namespaces, new Set([...it_.ids, ...en.ids].map(familyOf)));

/** Every id the code can ask for, each with where it is asked. */
function idsAskedFor(): Map<string, string> {
  const asked = new Map(code.exact);
  for (const [template, where] of code.templates) {
    const values = DYNAMIC_IDS[template];
    if (!values) continue;
    for (const value of values) asked.set(template.replace("*", String(value)), `${where} (${template})`);
  }
  return asked;
}

describe("locales", () => {
  it("know how every message id built from a template expands", () => {
    const unknown = [...code.templates].filter(([template]) => !DYNAMIC_IDS[template]);
    expect(unknown.map(([template, where]) => `${where}: \`${template}\` — list its values in DYNAMIC_IDS`)).toEqual(
      [],
    );
  });

  it.each([
    ["it", it_],
    ["en", en],
  ] as const)("%s has every message id the code uses", (_, locale) => {
    const missing = [...idsAskedFor()].filter(([id]) => !locale.ids.has(id)).map(([id, where]) => `${id} (${where})`);
    expect(missing).toEqual([]);
  });

  const used = (id: string) =>
    idsAskedFor().has(id) || code.literals.has(id) || it_.references.has(id) || en.references.has(id);

  it.each([
    ["it", it_],
    ["en", en],
  ] as const)("%s has no message id that no code uses", (_, locale) => {
    expect([...locale.ids].filter((id) => !used(id))).toEqual([]);
  });

  it("has the same ids in Italian and English", () => {
    expect([...it_.ids].filter((id) => !en.ids.has(id))).toEqual([]);
    expect([...en.ids].filter((id) => !it_.ids.has(id))).toEqual([]);
  });
});
