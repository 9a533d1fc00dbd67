import { NotFoundError } from "../errors.js";
import type { ProfileRepository, ServiceRepository } from "../ports.js";
import type { Profile } from "../profile.js";
import type { Service } from "../service.js";

export async function loadService(
  services: Pick<ServiceRepository, "get">,
  clientId: string,
): Promise<Service> {
  const service = await services.get(clientId);
  if (service === null) throw new NotFoundError("Service not found", { context: { clientId } });
  return service;
}

/** Deleted (erased) profiles do not exist for callers. */
export async function loadProfile(
  profiles: Pick<ProfileRepository, "get">,
  clientId: string,
  refId: string,
): Promise<Profile> {
  const profile = await profiles.get(clientId, refId);
  if (profile === null || profile.deleted) {
    throw new NotFoundError("Profile not found", { context: { clientId, refId } });
  }
  return profile;
}
