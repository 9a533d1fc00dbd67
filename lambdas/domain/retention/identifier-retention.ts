import type { Profile } from "../profile.js";
import type { Service } from "../service.js";

const DAY_MS = 24 * 3600 * 1000;

/**
 * What deduplication may keep of an archived profile. Index rows hold only a keyed hash of an
 * identifier, the refId, the status and the approval date — never the identifier itself. An
 * approved profile is the "original" that later duplicates are blocked against, and its on-chain
 * flag stays live until it expires; so its rows are kept until that expiry (returned here, in
 * epoch seconds, for the table's TTL) and then disappear. Rows of any other status are deleted at
 * archival: a rejected or blocked profile is never an original. Null: delete the rows now.
 */
export function identifierRowsExpireAt(
  service: Pick<Service, "attestationValidityDays">,
  profile: Pick<Profile, "status" | "approvedDate">,
  now: string,
): number | null {
  if (profile.status !== "approved" || profile.approvedDate === null) return null;
  const expiresMs = Date.parse(profile.approvedDate) + service.attestationValidityDays * DAY_MS;
  return expiresMs > Date.parse(now) ? Math.floor(expiresMs / 1000) : null;
}
