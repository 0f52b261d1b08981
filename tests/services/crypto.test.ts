import { describe, expect, it } from "vitest";
import { createCipher, isSealed } from "../../src/services/crypto.ts";
import { sealUnbound } from "../helpers/sealed-values.ts";

const keyA = Buffer.alloc(32, 1).toString("base64");
const keyB = Buffer.alloc(32, 2).toString("base64");

describe("cipher", () => {
  it("round-trips text, including emoji and right-to-left script, with a fresh IV each time", () => {
    const cipher = createCipher(keyA);
    const text = "Mario Rossi 🙂 مرحبا";
    const first = cipher.encrypt(text, "Person.givenNameEnc", 7);
    expect(isSealed(first)).toBe(true);
    expect(first).not.toContain("Mario");
    expect(cipher.encrypt(text, "Person.givenNameEnc", 7)).not.toBe(first);
    expect(cipher.decrypt(first, "Person.givenNameEnc", 7)).toBe(text);
  });

  it("opens a value only at the table, column and row it was sealed for", () => {
    const cipher = createCipher(keyA);
    const sealed = cipher.encrypt("Rossi", "Person.familyNameEnc", 7);
    expect(() => cipher.decrypt(sealed, "Person.familyNameEnc", 8)).toThrow();
    expect(() => cipher.decrypt(sealed, "Person.givenNameEnc", 7)).toThrow();
    expect(() => cipher.decrypt(sealed, "Referral.familyNameEnc", 7)).toThrow();
    // Keys of chat state and update ids are row ids too; a number and its digits name the same row.
    const state = cipher.encrypt("{}", "ChatState.valueEnc", "conversation:42");
    expect(() => cipher.decrypt(state, "ChatState.valueEnc", "conversation:43")).toThrow();
    expect(cipher.decrypt(cipher.encrypt("{}", "InboxUpdate.payloadEnc", 9n), "InboxUpdate.payloadEnc", 9)).toBe("{}");
  });

  it("opens a value sealed before the binding only to re-seal it", () => {
    const cipher = createCipher(keyA);
    const old = sealUnbound(keyA, "nota di prima");
    expect(isSealed(old)).toBe(true);
    expect(() => cipher.decrypt(old, "Session.noteEnc", 1)).toThrow(/not yet bound/);
    expect(cipher.decryptUnbound(old)).toBe("nota di prima");
    expect(() => cipher.decryptUnbound(cipher.encrypt("nota", "Session.noteEnc", 1))).toThrow();
  });

  it("tags values with the key id and opens old values after a rotation", () => {
    const before = createCipher(keyA);
    const sealed = before.encrypt("nota", "Session.noteEnc", 3);
    const after = createCipher(keyB, [keyA]);
    expect(sealed.split(":")[1]).toBe(before.keyId);
    expect(after.decrypt(sealed, "Session.noteEnc", 3)).toBe("nota");
    expect(() => createCipher(keyB).decrypt(sealed, "Session.noteEnc", 3)).toThrow(/unknown encryption key/);
  });

  it("rejects tampered values", () => {
    const cipher = createCipher(keyA);
    const parts = cipher.encrypt("nota riservata", "Session.noteEnc", 3).split(":");
    // One bit of the ciphertext flipped (overwriting characters could leave the bits as they were, now and then).
    const body = Buffer.from(parts[4] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[4] = body.toString("base64url");
    expect(() => cipher.decrypt(parts.join(":"), "Session.noteEnc", 3)).toThrow();
  });

  it("rejects a value whose authentication tag was cut short (GCM would accept any prefix of a valid tag)", () => {
    const cipher = createCipher(keyA);
    const parts = cipher.encrypt("nota riservata", "Session.noteEnc", 3).split(":");
    for (const bytes of [4, 8, 12]) {
      const cut = [...parts];
      cut[3] = Buffer.from(parts[3] ?? "", "base64url")
        .subarray(0, bytes)
        .toString("base64url");
      expect(() => cipher.decrypt(cut.join(":"), "Session.noteEnc", 3), `${bytes}-byte tag`).toThrow();
    }
    expect(cipher.decrypt(parts.join(":"), "Session.noteEnc", 3)).toBe("nota riservata");
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
