import { describe, expect, it } from "vitest";
import { createCipher, isSealed } from "../../src/services/crypto.ts";

const keyA = Buffer.alloc(32, 1).toString("base64");
const keyB = Buffer.alloc(32, 2).toString("base64");

describe("cipher", () => {
  it("round-trips text, including emoji and right-to-left script, with a fresh IV each time", () => {
    const cipher = createCipher(keyA);
    const text = "Mario Rossi 🙂 مرحبا";
    const first = cipher.encrypt(text);
    expect(isSealed(first)).toBe(true);
    expect(first).not.toContain("Mario");
    expect(cipher.encrypt(text)).not.toBe(first);
    expect(cipher.decrypt(first)).toBe(text);
  });

  it("tags values with the key id and opens old values after a rotation", () => {
    const before = createCipher(keyA);
    const sealed = before.encrypt("nota");
    const after = createCipher(keyB, [keyA]);
    expect(sealed.split(":")[1]).toBe(before.keyId);
    expect(after.decrypt(sealed)).toBe("nota");
    expect(() => createCipher(keyB).decrypt(sealed)).toThrow(/unknown encryption key/);
  });

  it("rejects tampered values", () => {
    const cipher = createCipher(keyA);
    const parts = cipher.encrypt("nota riservata").split(":");
    // One bit of the ciphertext flipped (overwriting characters could leave the bits as they were, now and then).
    const body = Buffer.from(parts[4] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[4] = body.toString("base64url");
    expect(() => cipher.decrypt(parts.join(":"))).toThrow();
  });

  it("rejects a value whose authentication tag was cut short (GCM would accept any prefix of a valid tag)", () => {
    const cipher = createCipher(keyA);
    const parts = cipher.encrypt("nota riservata").split(":");
    for (const bytes of [4, 8, 12]) {
      const cut = [...parts];
      cut[3] = Buffer.from(parts[3] ?? "", "base64url")
        .subarray(0, bytes)
        .toString("base64url");
      expect(() => cipher.decrypt(cut.join(":")), `${bytes}-byte tag`).toThrow();
    }
    expect(cipher.decrypt(parts.join(":"))).toBe("nota riservata");
  });

  it("finds names by prefix through keyed tokens, ignoring case and accents", () => {
    const cipher = createCipher(keyA);
    const tokens = cipher.nameTokens("Nicolò", "D'Angelo");
    expect(tokens).toContain(cipher.searchToken("nico"));
    expect(tokens).toContain(cipher.searchToken("NICOLO"));
    expect(tokens).toContain(cipher.searchToken("ang"));
    expect(tokens).not.toContain(cipher.searchToken("rossi"));
    expect(cipher.searchToken("a")).toBeNull();
    expect(createCipher(keyB).searchToken("nico")).not.toBe(cipher.searchToken("nico"));
  });
});
