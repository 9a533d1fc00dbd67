import type { Identity, Profile, ProfileStatus } from "../profile.js";
import type { RetentionMode } from "../service.js";
import { willArchiveAt } from "../retention/schedule.js";

/** Where the profile's flag stands on-chain (no personal data: the wallet is public on-chain). */
export interface OnchainView {
  chainId: number;
  registry: string;
  serviceId: string;
  wallet: string;
  /** Seconds since the epoch; 0 once revoked. */
  verifiedUntil: number;
  txHash: string;
}

/** What the business API answers for one profile (Blockpass "Dashboard API" record). */
export interface StatusView {
  refId: string;
  recordId: string;
  status: ProfileStatus;
  submitCount: number;
  isArchived: boolean;
  waitingDate: string | null;
  inreviewDate: string | null;
  approvedDate: string | null;
  rejectedDate: string | null;
  blockedDate: string | null;
  /** Null once the profile is archived or erased. */
  willArchiveAtDate: string | null;
  onchain: OnchainView | null;
  /** Only with an identity grant on a plan without on-chain KYC (see identityVisible). */
  identity?: Identity;
}

/** The non-personal fields a status view is built from (a profile, or a status-index row). */
export type StatusFields = Pick<
  Profile,
  | "refId"
  | "recordId"
  | "status"
  | "submitCount"
  | "isArchived"
  | "waitingDate"
  | "inreviewDate"
  | "approvedDate"
  | "rejectedDate"
  | "blockedDate"
  | "lastStatusChangeAt"
  | "deleted"
>;

/**
 * Projects a profile onto the business view. Fields are copied one by one (never spread), so a
 * field added to Profile later cannot reach a business response by accident.
 */
export function statusViewOf(
  profile: StatusFields,
  retention: RetentionMode,
  onchain: OnchainView | null,
): StatusView {
  return {
    refId: profile.refId,
    recordId: profile.recordId,
    status: profile.status,
    submitCount: profile.submitCount,
    isArchived: profile.isArchived,
    waitingDate: profile.waitingDate,
    inreviewDate: profile.inreviewDate,
    approvedDate: profile.approvedDate,
    rejectedDate: profile.rejectedDate,
    blockedDate: profile.blockedDate,
    willArchiveAtDate: willArchiveAt({ retention }, profile),
    onchain: onchain === null ? null : onchainViewOf(onchain),
  };
}

/**
 * The view with the profile's identity attributes, for callers `identityVisible` allows. An
 * archived or erased profile has no identity left, so none is added.
 */
export function withIdentity(view: StatusView, identity: Identity | null): StatusView {
  if (identity === null) return view;
  return {
    ...view,
    identity: {
      givenName: identity.givenName,
      familyName: identity.familyName,
      dob: identity.dob,
      nationality: identity.nationality,
    },
  };
}

function onchainViewOf(record: OnchainView): OnchainView {
  return {
    chainId: record.chainId,
    registry: record.registry,
    serviceId: record.serviceId,
    wallet: record.wallet,
    verifiedUntil: record.verifiedUntil,
    txHash: record.txHash,
  };
}
