import type { Profile, ProfileStatus } from "../profile.js";
import type { Service } from "../service.js";
import type { OnchainView, StatusFields } from "./status-view.js";

/** What the status API reads; DynamoDB adapters implement it (the profile and chain stores). */
export interface StatusReader {
  /** May be a few seconds old: the adapter keeps services briefly per warm environment. */
  getService(clientId: string): Promise<Pick<Service, "plan" | "retention" | "amlThresholds"> | null>;
  /** The profile and its on-chain record, read together (one round trip). */
  getProfileWithOnchain(clientId: string, refId: string): Promise<ProfileWithOnchain>;
  /** The refId of the service's profile with this record id (null: none). */
  refIdOfRecord(clientId: string, recordId: string): Promise<string | null>;
}

export interface ProfileWithOnchain {
  profile: Profile | null;
  onchain: OnchainView | null;
}

/** The status listing: one index partition per (service, status), deleted profiles left out. */
export interface ApplicantIndex {
  /** Visible profiles of a service in one status. */
  count(clientId: string, status: ProfileStatus): Promise<number>;
  /** Rows `skip` .. `skip + take` of that partition, oldest status change first. */
  read(clientId: string, status: ProfileStatus, skip: number, take: number): Promise<StatusFields[]>;
  /** On-chain records of several profiles of one service, by refId (absent: none). */
  onchainOf(clientId: string, refIds: readonly string[]): Promise<Map<string, OnchainView>>;
  /** Reason codes of several profiles' last status change, by refId (absent: none kept). */
  reasonCodesOf(clientId: string, refIds: readonly string[]): Promise<Map<string, string[]>>;
}
