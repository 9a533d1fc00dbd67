import { NotFoundError } from "../errors.js";
import { identityVisible } from "./identity-access.js";
import type { StatusReader } from "./ports.js";
import { statusViewOf, withIdentity, type StatusView } from "./status-view.js";

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
  // By refId all three reads go out at once (one round trip); by recordId the refId comes first.
  const [service, profile, onchainByRefId] = await Promise.all([
    deps.getService(clientId),
    lookup.by === "refId"
      ? deps.getProfile(clientId, lookup.refId)
      : deps.getProfileByRecordId(clientId, lookup.recordId),
    lookup.by === "refId" ? deps.getOnchain(clientId, lookup.refId) : Promise.resolve(undefined),
  ]);
  if (profile === null || profile.deleted || profile.clientId !== clientId || service === null) {
    throw new NotFoundError(`no profile with this ${lookup.by}`, { context: { clientId, by: lookup.by } });
  }
  const onchain =
    onchainByRefId === undefined ? await deps.getOnchain(clientId, profile.refId) : onchainByRefId;
  const view = statusViewOf(profile, service.retention, onchain);
  return identityVisible(request.grants, service.plan) ? withIdentity(view, profile.identity) : view;
}
