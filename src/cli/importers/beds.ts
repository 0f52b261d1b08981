// `import beds`: the houses of a site and their beds (a site's housing capacity is its active beds). Rows for a
// house or bed already known leave it as it is, so the file can be run again after adding beds.
import { z } from "zod";
import { cell, checkRows, readCsv, writeAllOrNothing } from "./csv.ts";
import { noSuchSite, sitesByPrefix } from "./lookups.ts";
import type { Importer, RowError } from "./types.ts";

const COLUMNS = { required: ["site", "house", "bed"], optional: [] } as const;

const rowSchema = z.object({
  site: cell.sitePrefix(),
  house: cell.text(80),
  bed: cell.text(40),
});

export const bedsImporter: Importer = {
  kind: "beds",
  summary: "houses and their beds per site (housing capacity)",
  async run(deps, fileText) {
    const read = readCsv(fileText, COLUMNS);
    const { checked, errors } = checkRows(read.rows, rowSchema);
    errors.push(...read.errors);
    const sites = await sitesByPrefix(deps);
    const lineOf = new Map<string, number>();
    const valid = checked.flatMap((row) => {
      const rowErrors: RowError[] = [];
      const site = sites.get(row.value.site);
      if (!site) rowErrors.push({ line: row.line, column: "site", reason: noSuchSite(row.value.site) });
      const key = [row.value.site, row.value.house.toLowerCase(), row.value.bed.toLowerCase()].join("\u0000");
      const earlier = lineOf.get(key);
      if (earlier !== undefined)
        rowErrors.push({ line: row.line, column: "bed", reason: `is also on line ${earlier}` });
      else lineOf.set(key, row.line);
      errors.push(...rowErrors);
      return site && rowErrors.length === 0 ? [{ siteId: site.id, house: row.value.house, bed: row.value.bed }] : [];
    });
    const now = deps.clock();
    return writeAllOrNothing(deps, "beds", valid.length, errors, async (tx) => {
      for (const row of valid) {
        const house = await tx.house.upsert({
          where: { siteId_name: { siteId: row.siteId, name: row.house } },
          create: { siteId: row.siteId, name: row.house, createdAt: now },
          update: {},
        });
        await tx.bed.upsert({
          where: { houseId_label: { houseId: house.id, label: row.bed } },
          create: { houseId: house.id, label: row.bed },
          update: {},
        });
      }
    });
  },
};
