import type { Profile } from "../profile.js";

/**
 * What archiving and erasure remove from a profile. Both keep the status record (refId, recordId,
 * status, submit count, status dates, flags, version) so the business API can still answer.
 *
 * The wallet: archiving keeps it only while the profile is `approved`, because its on-chain flag
 * stays until expiry and any later revocation (a duplicate found, an erasure) must name the wallet
 * the flag is on; the wallet is already public on-chain under that flag. Erasure removes it: the
 * revocation it issues carries the wallet in its outbox record instead.
 */
export function archivedProfileOf(profile: Profile, at: string): Profile {
  return {
    ...withoutPersonalData(profile, profile.status === "approved" ? profile.wallet : ""),
    isArchived: true,
    version: profile.version + 1,
    updatedAt: at,
  };
}

export function erasedProfileOf(profile: Profile, at: string): Profile {
  return {
    ...withoutPersonalData(profile, ""),
    deleted: true,
    version: profile.version + 1,
    updatedAt: at,
  };
}

function withoutPersonalData(profile: Profile, wallet: string): Profile {
  return { ...profile, wallet, identity: null, documents: [], ipCountry: null, certificates: [] };
}

/** True when the profile holds none of the fields archiving removes (the wallet aside). */
export function holdsNoPersonalData(profile: Profile): boolean {
  return (
    profile.identity === null &&
    profile.documents.length === 0 &&
    profile.ipCountry === null &&
    profile.certificates.length === 0
  );
}

/**
 * True when an archived profile still holds something archiving removes: a later status change
 * (e.g. a duplicate found against a kept approval) took it out of `approved`, so its wallet goes too.
 */
export function holdsDataArchivingRemoves(profile: Profile): boolean {
  return !holdsNoPersonalData(profile) || (profile.wallet !== "" && profile.status !== "approved");
}
