// `import outputs`: the programme's reports and publications, promotional material and information services
// (indicators 13–15), of a site or of the whole programme (site empty).
import { z } from "zod";
import { PROGRAMME_OUTPUT_KINDS } from "../../domain/output-indicators.ts";
import { writeOutput } from "../../services/programme-outputs.ts";
import { cell, checkRows, readCsv, writeAllOrNothing } from "./csv.ts";
import { noSuchSite, sitesByPrefix } from "./lookups.ts";
import type { Importer } from "./types.ts";

const outputRow = z.object({
  programme: cell.text(60),
  site: cell.sitePrefix().optional(),
  kind: cell.code(PROGRAMME_OUTPUT_KINDS),
  title: cell.text(200),
  date: cell.date(),
});

export const outputsImporter: Importer = {
  kind: "outputs",
  summary:
    "reports, promotional material, information services: programme, site (empty: the programme), kind, title, date",
  async run(deps, fileText) {
    const read = readCsv(fileText, { required: ["programme", "kind", "title", "date"], optional: ["site"] });
    const { checked, errors } = checkRows(read.rows, outputRow);
    errors.push(...read.errors);
    const programmes = new Map(
      (await deps.db.programme.findMany({ select: { id: true, code: true } })).map((p) => [p.code, p.id]),
    );
    const sites = await sitesByPrefix(deps);
    const outputs: {
      programmeId: number;
      siteId: number | null;
      kind: (typeof PROGRAMME_OUTPUT_KINDS)[number];
      title: string;
      issuedOn: string;
    }[] = [];
    for (const { line, value } of checked) {
      const programmeId = programmes.get(value.programme);
      const site = value.site === undefined ? null : sites.get(value.site);
      if (programmeId === undefined)
        errors.push({ line, column: "programme", reason: `no programme has the code ${value.programme}` });
      else if (site === undefined) errors.push({ line, column: "site", reason: noSuchSite(value.site as string) });
      else if (site && site.programmeId !== programmeId) {
        errors.push({ line, column: "site", reason: `${value.site} is not a site of ${value.programme}` });
      } else
        outputs.push({
          programmeId,
          siteId: site?.id ?? null,
          kind: value.kind,
          title: value.title,
          issuedOn: value.date,
        });
    }
    return writeAllOrNothing(deps, "outputs", outputs.length, errors, async (tx) => {
      for (const output of outputs) await writeOutput(tx, deps, null, output);
    });
  },
};
