// Every sealed value in a database with its place, and the checks that each opens at its place and nowhere else.
import { sqlThrough } from "../../src/db/audit.ts";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { Db } from "../../src/db/client.ts";
import { type Cipher, isSealed, keyIdOf } from "../../src/services/crypto.ts";
import { type RowId, SEALED_COLUMNS, type SealedColumn } from "../../src/services/sealed-columns.ts";

export interface SealedValue {
  column: SealedColumn;
  row: RowId;
  value: string;
}

export async function sealedValues(db: Db): Promise<SealedValue[]> {
  const found: SealedValue[] = [];
  for (const { table, id, columns } of SEALED_COLUMNS) {
    const rows = await sqlThrough(db).all(`SELECT "${id}", ${columns.map((c) => `"${c}"`).join(", ")} FROM "${table}"`);
    for (const row of rows) {
      for (const column of columns) {
        const value = row[column];
        if (typeof value === "string" && isSealed(value)) {
          found.push({ column: `${table}.${column}` as SealedColumn, row: row[id] as RowId, value });
        }
      }
    }
  }
  return found;
}

/** Another row id of the same kind: the next number, or the key with a character more. */
const otherRow = (row: RowId): RowId => (typeof row === "string" ? `${row}x` : Number(row) + 1);

/**
 * Each sealed value opens with `cipher` at its own table, column and row, and is refused at another row of its column
 * and in another sealed column. Returns how many values were checked.
 */
export async function expectEveryValueBound(db: Db, cipher: Cipher): Promise<number> {
  const values = await sealedValues(db);
  const columns = SEALED_COLUMNS.flatMap(({ table, columns: names }) =>
    names.map((name) => `${table}.${name}` as SealedColumn),
  );
  for (const { column, row, value } of values) {
    const place = `${column} #${String(row)}`;
    expect(() => cipher.decrypt(value, column, row), place).not.toThrow();
    expect(() => cipher.decrypt(value, column, otherRow(row)), `${place} at another row`).toThrow();
    const elsewhere = columns.find((other) => other !== column) as SealedColumn;
    expect(() => cipher.decrypt(value, elsewhere, row), `${place} in ${elsewhere}`).toThrow();
  }
  return values.length;
}

/**
 * A value sealed as versions before the row binding did (format v1: the key id alone as associated data), to stand for
 * a database written by an earlier version.
 */
export function sealUnbound(keyBase64: string, plaintext: string): string {
  const key = Buffer.from(keyBase64, "base64");
  const keyId = keyIdOf(key);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(keyId));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    "v1",
    keyId,
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    body.toString("base64url"),
  ].join(":");
}

/**
 * What an attacker holding the key reads from a sealed value found anywhere (a freed page, a backup): under its tag
 * GCM is a stream cipher, so the body opens without knowing the value's place, and bytes read past the value's end
 * only add noise after the text. Null when another key sealed it.
 */
export function readWithKey(keyBase64: string, sealed: string): string | null {
  const key = Buffer.from(keyBase64, "base64");
  const [, keyId, iv, , body] = sealed.split(":");
  if (keyId !== keyIdOf(key) || iv === undefined || body === undefined) return null;
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  return decipher.update(Buffer.from(body, "base64url")).toString("utf8");
}
