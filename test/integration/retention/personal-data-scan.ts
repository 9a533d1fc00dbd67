import type { HmacIdentifierHasher } from "../../../lambdas/adapters/crypto/hmac-identifier-hasher.js";
import { identifierKeysOf } from "../../../lambdas/domain/dedup/identifiers.js";

/** A test user with personal data distinctive enough to be searched for in every store. */
export interface Person {
  refId: string;
  wallet: string;
  givenName: string;
  familyName: string;
  dob: string;
  passport: string;
}

/** The person's identity and passport (country PL) as a profile holds them. */
export function personalDataOf(person: Person) {
  return {
    identity: {
      givenName: person.givenName,
      familyName: person.familyName,
      dob: person.dob,
      nationality: "PL",
    },
    documents: [{ type: "passport" as const, number: person.passport, country: "PL" }],
  };
}

/**
 * Strings that identify the person: identity, document number (as given and normalised), wallet (also
 * as the bare 40 hex digits that ABI-encoded calldata and raw transactions carry), identifier keys and
 * their hashes. Matched case-insensitively by `holdersOf`.
 */
export function needlesOf(person: Person, hasher: HmacIdentifierHasher): string[] {
  const keys = identifierKeysOf({
    wallet: person.wallet,
    documents: personalDataOf(person).documents,
  });
  return [
    person.givenName,
    person.familyName,
    person.dob,
    person.passport,
    person.passport.replace(/[\s-]/g, ""),
    person.wallet,
    person.wallet.slice(2),
    ...keys,
    ...keys.map((key) => hasher.hash(key)),
  ];
}

/** The keys of the places (table items, objects, messages as text) that contain any needle. */
export function holdersOf(needles: string[], places: { key: string; text: string }[]) {
  return places
    .filter((place) => needles.some((needle) => place.text.toLowerCase().includes(needle.toLowerCase())))
    .map((place) => place.key);
}
