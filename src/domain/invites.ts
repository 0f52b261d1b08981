// Invite codes: short, typable on a phone, no look-alike characters (0/O, 1/I/L).
export const INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const INVITE_LENGTH = 10;
export const INVITE_VALIDITY_HOURS = 72;

/** Builds a code from random bytes, e.g. "K7QM-P2XW-HD". */
export function formatInviteCode(randomBytes: Uint8Array): string {
  const chars = Array.from(
    randomBytes.slice(0, INVITE_LENGTH),
    (byte) => INVITE_ALPHABET[byte % INVITE_ALPHABET.length],
  );
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((group) => group.join("")).join("-");
}

/** Accepts what people type or what a deep link carries: any case, with or without dashes and spaces. */
export function normaliseInviteCode(text: string): string | null {
  const compact = text.toUpperCase().replace(/[\s_-]/g, "");
  if (compact.length !== INVITE_LENGTH) return null;
  for (const char of compact) if (!INVITE_ALPHABET.includes(char)) return null;
  return compact;
}
