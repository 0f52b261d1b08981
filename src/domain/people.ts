// How people are shown in chat: code and first name with the family-name initial, never more.
export function shortName(givenName: string, familyName: string): string {
  const initial = familyName.trim().charAt(0).toLocaleUpperCase("it");
  return initial ? `${givenName.trim()} ${initial}.` : givenName.trim();
}

export function personLabel(code: string, givenName: string, familyName: string): string {
  return `${code} · ${shortName(givenName, familyName)}`;
}

const CODE_PATTERN = /^[A-Z]{2,5}-\d{3,6}$/;

export function normalisePersonCode(text: string): string | null {
  const candidate = text
    .trim()
    .toUpperCase()
    .replace(/\s+/g, "")
    .replace(/^([A-Z]{2,5})(\d)/, "$1-$2");
  return CODE_PATTERN.test(candidate) ? candidate : null;
}

export function nextPersonCode(prefix: string, existingCodes: readonly string[]): string {
  let highest = 0;
  for (const code of existingCodes) {
    const match = code.match(/-(\d+)$/);
    if (code.startsWith(`${prefix}-`) && match) highest = Math.max(highest, Number(match[1]));
  }
  return `${prefix}-${String(highest + 1).padStart(4, "0")}`;
}

/** In charge on a date: taken on by then and not yet discharged. */
export function isInCharge(person: { intakeOn: string; dischargeOn: string | null }, date: string): boolean {
  return person.intakeOn <= date && (person.dischargeOn === null || person.dischargeOn > date);
}
