// AES-256-GCM for names and free text at rest; each value carries the id of the key that sealed it.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";

const FORMAT = "v1";
const TAG_BYTES = 16;

export interface Cipher {
  readonly keyId: string;
  encrypt(plaintext: string): string;
  decrypt(sealed: string): string;
  encryptOptional(plaintext: string | null | undefined): string | null;
  decryptOptional(sealed: string | null | undefined): string | null;
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

  const encrypt = (plaintext: string): string => {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", current, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(keyId));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [
      FORMAT,
      keyId,
      iv.toString("base64url"),
      cipher.getAuthTag().toString("base64url"),
      body.toString("base64url"),
    ].join(":");
  };

  const decrypt = (sealed: string): string => {
    const [format, id, iv, tag, body] = sealed.split(":");
    if (format !== FORMAT || !id || iv === undefined || tag === undefined || body === undefined) {
      throw new Error("not an encrypted value");
    }
    const key = keys.get(id);
    if (!key) throw new Error(`unknown encryption key id ${id}`);
    // The full 16-byte tag only: a truncated tag would be easier to forge.
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  };

  return {
    keyId,
    encrypt,
    decrypt,
    encryptOptional: (plaintext) => (plaintext ? encrypt(plaintext) : null),
    decryptOptional: (sealed) => (sealed ? decrypt(sealed) : null),
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

export function isSealed(value: string): boolean {
  return value.startsWith(`${FORMAT}:`);
}
