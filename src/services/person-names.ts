// A person's names, sealed in their row (Person.givenNameEnc, Person.familyNameEnc): opened only with the row's id.
import { shortName } from "../domain/people.ts";
import type { Cipher } from "./crypto.ts";

/** The fields to select to open a person's names. */
export const SEALED_NAME = { id: true, givenNameEnc: true, familyNameEnc: true } as const;

export interface SealedName {
  id: number;
  givenNameEnc: string;
  familyNameEnc: string;
}

export function openNames(cipher: Cipher, person: SealedName): { givenName: string; familyName: string } {
  return {
    givenName: cipher.decrypt(person.givenNameEnc, "Person.givenNameEnc", person.id),
    familyName: cipher.decrypt(person.familyNameEnc, "Person.familyNameEnc", person.id),
  };
}

/** First name and initial ("Mario R."), as lists and cards show people. */
export function openShortName(cipher: Cipher, person: SealedName): string {
  const { givenName, familyName } = openNames(cipher, person);
  return shortName(givenName, familyName);
}
