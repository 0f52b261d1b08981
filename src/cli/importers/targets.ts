// `import targets`: the ex-ante targets of the funder's sheet and the budgets for internship allowances
// (allowances_count, allowances_euros), one per programme (site empty) or per site, e.g. the table attached to the
// funding agreement. A value set again replaces the previous one.
import { z } from "zod";
import { type BudgetCode, SETTABLE_CODES, type TargetCode } from "../../domain/output-indicators.ts";
import { writeTarget } from "../../services/targets.ts";
import { cell, checkRows, readCsv, writeAllOrNothing } from "./csv.ts";
import { noSuchSite, sitesByPrefix } from "./lookups.ts";
import type { Importer, RowError } from "./types.ts";

const TARGET_COLUMNS = { required: ["programme", "indicator", "target"], optional: ["site"] } as const;

const rowSchema = z.object({
  programme: cell.text(60),
  site: cell.sitePrefix().optional(),
  indicator: cell.code(SETTABLE_CODES as unknown as readonly [string, ...string[]]),
  target: z
    .string()
    .transform((value) => Number(value.replace(",", ".")))
    .pipe(z.number({ error: "must be a number" }).finite().min(0, "must be 0 or more")),
});

export const targetsImporter: Importer = {
  kind: "targets",
  summary:
    "ex-ante targets and allowance budgets of the funder's sheet: programme code, site prefix (empty: the programme), indicator (or allowances_count / allowances_euros), target",
  async run(deps, fileText) {
    const read = readCsv(fileText, TARGET_COLUMNS);
    const { checked, errors } = checkRows(read.rows, rowSchema);
    errors.push(...read.errors);
    const programmes = new Map(
      (await deps.db.programme.findMany({ select: { id: true, code: true } })).map((p) => [p.code, p.id]),
    );
    const sites = await sitesByPrefix(deps);
    const targets: { programmeId: number; siteId: number | null; code: TargetCode | BudgetCode; target: number }[] = [];
    const seen = new Map<string, number>();
    for (const { line, value } of checked) {
      const rowErrors: RowError[] = [];
      const programmeId = programmes.get(value.programme);
      if (programmeId === undefined)
        rowErrors.push({ line, column: "programme", reason: `no programme has the code ${value.programme}` });
      const site = value.site === undefined ? null : sites.get(value.site);
      if (site === undefined) rowErrors.push({ line, column: "site", reason: noSuchSite(value.site as string) });
      else if (site && programmeId !== undefined && site.programmeId !== programmeId) {
        rowErrors.push({ line, column: "site", reason: `${value.site} is not a site of ${value.programme}` });
      }
      const key = `${value.programme}/${value.site ?? ""}/${value.indicator}`;
      const earlier = seen.get(key);
      if (earlier !== undefined)
        rowErrors.push({ line, column: "indicator", reason: `already set on line ${earlier}` });
      seen.set(key, line);
      errors.push(...rowErrors);
      if (rowErrors.length === 0 && programmeId !== undefined && site !== undefined) {
        targets.push({
          programmeId,
          siteId: site?.id ?? null,
          code: value.indicator as TargetCode | BudgetCode,
          target: value.target,
        });
      }
    }
    return writeAllOrNothing(deps, "targets", targets.length, errors, async (tx) => {
      for (const target of targets) await writeTarget(tx, deps, null, target);
    });
  },
};
