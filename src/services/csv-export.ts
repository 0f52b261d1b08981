// What an exporter hands back, and the one way exports are written as CSV.
import { stringify } from "csv-stringify/sync";

export interface Export {
  csv: string;
  rows: number;
}

export function toCsv(records: readonly Record<string, unknown>[], columns: readonly string[]): Export {
  const csv = stringify([...records], { header: true, columns: [...columns] });
  // csv-stringify leaves a header-only file without its line break.
  return { csv: csv.endsWith("\n") ? csv : `${csv}\n`, rows: records.length };
}
