// What an exporter hands back, and the one way exports are written as CSV.
import { stringify } from "csv-stringify/sync";
import { neutraliseFormula } from "../domain/spreadsheet-cells.ts";

export interface Export {
  csv: string;
  rows: number;
}

export function toCsv(records: readonly Record<string, unknown>[], columns: readonly string[]): Export {
  const cells = records.map((record) =>
    Object.fromEntries(columns.map((column) => [column, neutraliseFormula(record[column])])),
  );
  const csv = stringify(cells, { header: true, columns: [...columns] });
  // csv-stringify leaves a header-only file without its line break.
  return { csv: csv.endsWith("\n") ? csv : `${csv}\n`, rows: records.length };
}
