import { screenAml } from "../aml/index.js";
import { NotFoundError } from "../errors.js";
import { blockpassIdentitiesOf } from "./blockpass-identities.js";
import { identityVisible } from "./identity-access.js";
import { memberCheckCertOf } from "./member-check-cert.js";
import type { ProfileWithOnchain, StatusReader } from "./ports.js";
import { statusViewOf, withPersonalData, type StatusView } from "./status-view.js";

const NOTHING: ProfileWithOnchain = { profile: null, onchain: null };

/** `applicant/{refId}` (what Blockpass's own scripts call) is the same lookup as `refId/{refId}`. */
export type ProfileLookup = { by: "refId"; refId: string } | { by: "recordId"; recordId: string };

export interface ReadStatusRequest {
  clientId: string;
  lookup: ProfileLookup;
  /** The caller's grants (authorizer context `scope`, e.g. `status` or `status identity`). */
  grants: readonly string[];
}

/**
 * One profile's status for its business. An unknown, erased (`deleted`) or other service's profile
 * is the same 404: the answer never tells which.
 */
export async function readStatus(deps: StatusReader, request: ReadStatusRequest): Promise<StatusView> {
  const { clientId, lookup } = request;
  // The service's read goes out next to the profile's; the profile and its on-chain record come in
  // one read (by recordId, once the index has given the refId).
  const [service, { profile, onchain }] = await Promise.all([
    deps.getService(clientId),
    (async () => {
      const refId =
        lookup.by === "refId" ? lookup.refId : await deps.refIdOfRecord(clientId, lookup.recordId);
      return refId === null ? NOTHING : deps.getProfileWithOnchain(clientId, refId);
    })(),
  ]);
  if (profile === null || profile.deleted || profile.clientId !== clientId || service === null) {
    throw new NotFoundError(`no profile with this ${lookup.by}`, { context: { clientId, by: lookup.by } });
  }
  const view = statusViewOf(profile, service.retention, onchain);
  if (!identityVisible(request.grants, service.plan) || profile.identity === null) return view;
  return withPersonalData(view, {
    identities: blockpassIdentitiesOf(profile.identity),
    memberCheckCert: memberCheckCertOf(profile.certificates, profile.identity, {
      screen: screenAml,
      thresholds: service.amlThresholds,
    }),
  });
}
