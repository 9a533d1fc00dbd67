import type { Profile, ProfileStatus } from "../profile.js";
import type { BlockpassIdentities } from "./blockpass-identities.js";
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
  /**
   * Blockpass's cross-service user id. This service has no identity shared across services, so it
   * is always null (the field is there because Blockpass clients read it).
   */
  blockPassID: null;
  /** Blockpass's operator-defined fields; this service defines none. */
  customFields: Record<string, never>;
  /**
   * Machine reason codes of the last status change (e.g. AML_MATCH, DUPLICATE, ALL_CLEAR): the
   * decision without personal data, for every key and plan. Empty when unknown (older records).
   */
  reasonCodes: string[];
  onchain: OnchainView | null;
  /** Only with an identity grant on a plan without on-chain KYC (see identityVisible). */
  identities?: BlockpassIdentities;
  /** Same condition as `identities`: the AML result in Blockpass's member-check form. */
  certs?: Record<string, string>;
  /** The same object as `certs`: Blockpass's published AML-remediation script reads this name. */
  certificates?: Record<string, string>;
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
> &
  Partial<Pick<Profile, "statusReasonCodes">>;

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
    blockPassID: null,
    customFields: {},
    reasonCodes: [...(profile.statusReasonCodes ?? [])],
    onchain: onchain === null ? null : onchainViewOf(onchain),
  };
}

/**
 * The view with the profile's personal data in Blockpass's form, for callers `identityVisible`
 * allows: `identities`, and `certs` (also as `certificates`) when an AML certificate is held. An
 * archived or erased profile has neither identity nor certificates left, so nothing is added.
 */
export function withPersonalData(
  view: StatusView,
  personal: { identities: BlockpassIdentities | null; memberCheckCert: string | null },
): StatusView {
  if (personal.identities === null) return view;
  const certs: Record<string, string> =
    personal.memberCheckCert === null ? {} : { member_check_cert: personal.memberCheckCert };
  return { ...view, identities: personal.identities, certs, certificates: { ...certs } };
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
