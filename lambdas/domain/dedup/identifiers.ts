import { toAlpha2 } from "../country-codes.js";
import type { Profile, ProfileStatus } from "../profile.js";

/**
 * Identifiers that make two profiles duplicates (reference rules): the crypto address, a
 * national ID number or a passport number. The document country is part of the key, so the same
 * number issued by two countries is two identifiers.
 */
export type IdentifierKind = "wallet" | "passport" | "national_id";

// Separators people and OCR put inside document numbers: whitespace, dashes (incl. Unicode), dots.
const NUMBER_SEPARATORS = /[\s.\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D\uFF0E]/gu;

export function normalizeDocumentNumber(value: string): string {
  return value.normalize("NFKC").replace(NUMBER_SEPARATORS, "").toUpperCase();
}

/** `DE`, `de` and `DEU` are one country (alpha-2); a code outside ISO 3166-1 is kept upper-cased. */
export function normalizeCountry(value: string): string {
  return toAlpha2(value) ?? value.normalize("NFKC").trim().toUpperCase();
}

export function normalizeWallet(value: string): string {
  return value.trim().toLowerCase();
}

/** Plain identifier keys of a profile (`passport:<CC>:<NUMBER>`, `national_id:...`, `wallet:<0x..>`). */
export function identifierKeysOf(profile: Pick<Profile, "wallet" | "documents">): string[] {
  const keys = new Set<string>();
  if (profile.wallet.trim() !== "") keys.add(`wallet:${normalizeWallet(profile.wallet)}`);
  for (const doc of profile.documents) {
    const number = normalizeDocumentNumber(doc.number);
    if (number === "") continue;
    keys.add(`${doc.type}:${normalizeCountry(doc.country)}:${number}`);
  }
  return [...keys].sort();
}

/**
 * A row of the identifier index: one per (profile, identifier), keyed by the identifier's keyed
 * hash (never the plain identifier). It mirrors the profile's status and approval date so that
 * the sweep needs nothing but the index; it is rewritten in every profile transaction.
 */
export interface IdentifierIndexEntry {
  clientId: string;
  identifierHash: string;
  refId: string;
  status: ProfileStatus;
  approvedDate: string | null;
  createdAt: string;
}

export function indexEntriesFor(
  profile: Profile,
  hash: (identifierKey: string) => string,
): IdentifierIndexEntry[] {
  if (profile.deleted) return [];
  return identifierKeysOf(profile).map((key) => ({
    clientId: profile.clientId,
    identifierHash: hash(key),
    refId: profile.refId,
    status: profile.status,
    approvedDate: profile.approvedDate,
    createdAt: profile.createdAt,
  }));
}
