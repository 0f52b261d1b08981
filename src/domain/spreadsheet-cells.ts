// Cells a spreadsheet would read as a formula (OWASP "CSV injection"): a leading quote makes them plain text.
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text as a spreadsheet shows it but never evaluates; other values unchanged. */
export function neutraliseFormula<T>(value: T): T | string {
  return typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : value;
}

/** The text a neutralised cell stood for: imports read back what exports wrote. */
export function restoreNeutralised(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
