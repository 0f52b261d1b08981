// AES-256-GCM for names and free text at rest; each value carries the id of the key that sealed it, and its
// associated data binds it to its place (key id, "Table.column", row id): moved elsewhere, it no longer opens.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import type { RowId, SealedColumn } from "./sealed-columns.ts";

/** Values bound to their table, column and row. */
const FORMAT = "v2";
/** Values sealed before the binding, with the key id alone as associated data: re-sealed at start-up (sealing.ts). */
export const UNBOUND_FORMAT = "v1";
const TAG_BYTES = 16;

export interface Cipher {
  readonly keyId: string;
  /** Seals `plaintext` for one place: `column` of the row `row`; it opens only there. */
  encrypt(plaintext: string, column: SealedColumn, row: RowId): string;
  /** Opens a value sealed for this very place; a value moved from another row or column is refused. */
  decrypt(sealed: string, column: SealedColumn, row: RowId): string;
  encryptOptional(plaintext: string | null | undefined, column: SealedColumn, row: RowId): string | null;
  decryptOptional(sealed: string | null | undefined, column: SealedColumn, row: RowId): string | null;
  /** Opens a value sealed before values were bound to their place: only for re-sealing it (sealing.ts). */
  decryptUnbound(sealed: string): string;
  /** Keyed hashes of a name's word prefixes (≥ 2 letters), for searching without storing names in clear. */
  nameTokens(...names: string[]): string[];
  /** The token that a search query must match. */
  searchToken(query: string): string | null;
  /** A keyed hash (HMAC-SHA256 under a key derived from the current key for `purpose`), e.g. of an invite code. */
  keyedHash(purpose: string, text: string): string;
}

export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function normaliseForSearch(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]/gu, " ")
    .trim();
}

const MIN_PREFIX = 2;
const MAX_PREFIX = 24;

/** @param currentKeyBase64 seals new values; @param previousKeysBase64 still open values sealed before a rotation. */
export function createCipher(currentKeyBase64: string, previousKeysBase64: readonly string[] = []): Cipher {
  const current = Buffer.from(currentKeyBase64, "base64");
  if (current.length !== 32) throw new Error("encryption key must be 32 bytes");
  const keys = new Map<string, Buffer>();
  for (const key of [current, ...previousKeysBase64.map((k) => Buffer.from(k, "base64"))]) keys.set(keyIdOf(key), key);
  const keyId = keyIdOf(current);
  // The search key is derived, so rotating the encryption key also rotates the blind index.
  const searchKey = createHmac("sha256", current).update("ponte-name-search").digest();

  const token = (prefix: string) => createHmac("sha256", searchKey).update(prefix).digest("base64url").slice(0, 22);

  const place = (id: string, column: SealedColumn, row: RowId) => Buffer.from(`${id}|${column}|${String(row)}`);

  const encrypt = (plaintext: string, column: SealedColumn, row: RowId): string => {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", current, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(place(keyId, column, row));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [
      FORMAT,
      keyId,
      iv.toString("base64url"),
      cipher.getAuthTag().toString("base64url"),
      body.toString("base64url"),
    ].join(":");
  };

  /** Opens a value of `format`, authenticating the associated data that `aad` builds from its key id. */
  const open = (sealed: string, format: string, aad: (id: string) => Buffer): string => {
    const [actual, id, iv, tag, body] = sealed.split(":");
    if (actual !== format || !id || iv === undefined || tag === undefined || body === undefined) {
      throw new Error(actual === UNBOUND_FORMAT ? "a value not yet bound to its row" : "not an encrypted value");
    }
    const key = keys.get(id);
    if (!key) throw new Error(`unknown encryption key id ${id}`);
    // The full 16-byte tag only: a truncated tag would be easier to forge.
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(id));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  };

  const decrypt = (sealed: string, column: SealedColumn, row: RowId): string =>
    open(sealed, FORMAT, (id) => place(id, column, row));

  return {
    keyId,
    encrypt,
    decrypt,
    encryptOptional: (plaintext, column, row) => (plaintext ? encrypt(plaintext, column, row) : null),
    decryptOptional: (sealed, column, row) => (sealed ? decrypt(sealed, column, row) : null),
    decryptUnbound: (sealed) => open(sealed, UNBOUND_FORMAT, (id) => Buffer.from(id)),
    nameTokens: (...names) => {
      const tokens = new Set<string>();
      for (const word of names.flatMap((name) => normaliseForSearch(name).split(/[\s'-]+/))) {
        for (let length = MIN_PREFIX; length <= Math.min(word.length, MAX_PREFIX); length++) {
          tokens.add(token(word.slice(0, length)));
        }
      }
      return [...tokens];
    },
    keyedHash: (purpose, text) =>
      createHmac("sha256", createHmac("sha256", current).update(`ponte-${purpose}`).digest())
        .update(text)
        .digest("hex"),
    searchToken: (query) => {
      const word = normaliseForSearch(query).split(/\s+/)[0] ?? "";
      return word.length >= MIN_PREFIX ? token(word.slice(0, MAX_PREFIX)) : null;
    },
  };
}

/** Whether a value is sealed, bound to its place or (before the start-up re-sealing) not yet. */
export function isSealed(value: string): boolean {
  return value.startsWith(`${FORMAT}:`) || value.startsWith(`${UNBOUND_FORMAT}:`);
}

/** The prefix of the values sealed under `keyId` and bound to their place: any other sealed value is stale. */
export function boundPrefix(keyId: string): string {
  return `${FORMAT}:${keyId}:`;
}
