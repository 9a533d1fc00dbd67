// Response and request types of the console API (CONSOLE-API.md). Where the backend's schemas file
// declares them they come from there, type-only (zod never reaches the bundle); the rest are the
// contract's shapes, written here.
import type {
  ConsoleActionRequest,
  ConsoleConfig,
  ConsoleMe,
  ConsoleQueue,
  ConsoleQueueRecord,
  ConsoleServiceSummary,
  ConsoleSessionAnswer,
  ConsoleSignInRequest,
} from "../../../lambdas/shared/console-schemas";
import type { AmlEvidence as DomainAmlEvidence } from "../../../lambdas/domain/bots/aml-screening";
import type { ProfileStatus as DomainProfileStatus } from "../../../lambdas/domain/profile";
// The lists are values: they come from the zod-free constants module, not the schemas.
import {
  CONSOLE_JOBS,
  CUSTOMER_CONSOLE_ACTIONS,
  OPERATOR_CONSOLE_ACTIONS,
  QUEUE_STATUSES,
  type ConsoleAction,
  type ConsoleJob,
  type QueueStatus as ConsoleQueueStatus,
} from "../../../lambdas/shared/console-constants";

export type Role = "operator" | "customer";
export type ProfileStatus = DomainProfileStatus;
export { QUEUE_STATUSES };
export type QueueStatus = ConsoleQueueStatus;

export type Me = ConsoleMe;

export type SessionData = ConsoleSessionAnswer;

export type SignInConfig = ConsoleConfig;

export type SessionRequest = ConsoleSignInRequest;

export type ServiceSummary = ConsoleServiceSummary;

export type SlaStanding = "on-time" | "at-risk" | "breached";

export type QueueRecord = ConsoleQueueRecord;

export type QueuePage = ConsoleQueue;

export interface Check {
  code: string;
  detail?: string;
}

export interface AmlHit {
  name: string;
  dob?: string;
  country?: string;
  categories: string[];
  /** Present when the backend attaches the screening score to the hit. */
  score?: number;
}

export interface CertificateView {
  name: string;
  status: string;
  checks: Check[];
  amlHits: AmlHit[];
}

export type AmlEvidence = DomainAmlEvidence;

export interface AuditEntry {
  at: string;
  actor: { kind: string; id: string };
  from: ProfileStatus | null;
  to: ProfileStatus;
  reasonCodes: string[];
  note?: string;
  amlEvidence?: AmlEvidence[];
}

export interface IdentityView {
  givenName: string;
  familyName: string;
  dob: string;
  nationality: string;
  email?: string;
}

export interface DocumentView {
  type: string;
  number: string;
  country: string;
  [field: string]: unknown;
}

export interface OnchainView {
  txHash: string;
  expiresAt?: string | number | null;
  verifiedUntil?: number;
  explorerUrl?: string | null;
  chainId?: number;
  registry?: string;
  [field: string]: unknown;
}

export const OPERATOR_ACTIONS = OPERATOR_CONSOLE_ACTIONS;
export const CUSTOMER_ACTIONS = CUSTOMER_CONSOLE_ACTIONS;
export type ProfileAction = ConsoleAction;

export type ActionRequest = ConsoleActionRequest;

export interface QaItem {
  refId: string;
  status: ProfileStatus;
  decidedAt: string;
  outcome: null | { outcome: "confirmed" | "overturned"; note: string; operator: string; at: string };
  /** The profile now (archived or erased ones stay in the sample); null: no record left. */
  current?: { status: ProfileStatus; isArchived: boolean; deleted: boolean } | null;
}

export interface QaSample {
  clientId: string;
  week: string;
  drawnAt: string;
  items: QaItem[];
  counts: { sampled: number; reviewed: number; confirmed: number; overturned: number };
}

export const JOBS = CONSOLE_JOBS;
export type JobName = ConsoleJob;

export interface PipelineStatus {
  signer: string;
  nextNonce: number | null;
  registryPaused: boolean;
  chainNonce: number;
  nonceGap: { chainNonce: number; expectedNonce: number; detectedAt: string } | null;
  pending: {
    nonce: number;
    clientId: string;
    kind: string;
    wallets: number;
    attempts: number;
    firstBroadcastAt: string;
    lastBroadcastAt: string;
    minedInBlock: number | null;
  }[];
  failedBatches: { batchId: string; clientId: string; kind: string; reason: string; failedAt: string }[];
}

export type TicketState = "open" | "answered" | "closed";

export interface TicketSummary {
  ticketId: string;
  requester: { kind: string; id?: string } | string;
  refId: string | null;
  category: string;
  channel: string;
  subject: string;
  state: TicketState;
  outcome: string | null;
  assignee: string | null;
  openedAt: string;
  responseDueAt: string | null;
  respondedAt: string | null;
  breachedAt: string | null;
}

export interface TicketEvent {
  at: string;
  actor: { kind: string; id: string };
  type: string;
  text?: string;
}

export interface Ticket extends TicketSummary {
  clientId: string;
  tier?: string;
  closedAt: string | null;
  events: TicketEvent[];
  version: number;
}

export interface TicketList {
  clientId: string;
  tickets: TicketSummary[];
  cursor: string | null;
}
