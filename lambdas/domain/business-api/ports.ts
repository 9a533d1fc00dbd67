import type { Profile, ProfileStatus } from "../profile.js";
import type { Service } from "../service.js";
import type { OnchainView, StatusFields } from "./status-view.js";

/** What the status API reads; DynamoDB adapters implement it (the profile and chain stores). */
export interface StatusReader {
  getService(clientId: string): Promise<Pick<Service, "plan" | "retention"> | null>;
  getProfile(clientId: string, refId: string): Promise<Profile | null>;
  getProfileByRecordId(clientId: string, recordId: string): Promise<Profile | null>;
  getOnchain(clientId: string, refId: string): Promise<OnchainView | null>;
}

/** The status listing: one index partition per (service, status), deleted profiles left out. */
export interface ApplicantIndex {
  /** Visible profiles of a service in one status. */
  count(clientId: string, status: ProfileStatus): Promise<number>;
  /** Rows `skip` .. `skip + take` of that partition, oldest status change first. */
  read(clientId: string, status: ProfileStatus, skip: number, take: number): Promise<StatusFields[]>;
  /** On-chain records of several profiles of one service, by refId (absent: none). */
  onchainOf(clientId: string, refIds: readonly string[]): Promise<Map<string, OnchainView>>;
}
