import type { ProfileRepository, ServiceRepository } from "../ports.js";
import type { ProfileStatus } from "../profile.js";
import type { StatusFields } from "../business-api/status-view.js";

/** The per-status index the review listing pages over (the business API's byStatus partitions). */
export interface ReviewQueueIndex {
  count(clientId: string, status: ProfileStatus): Promise<number>;
  read(clientId: string, status: ProfileStatus, skip: number, take: number): Promise<StatusFields[]>;
}

/** What the review reads need: the service uncached (its plan gates access), profiles strongly read. */
export interface ReviewReadDeps {
  services: Pick<ServiceRepository, "get">;
  profiles: Pick<ProfileRepository, "get">;
  index: ReviewQueueIndex;
}
