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

export type Role = "operator" | "customer";
export type ProfileStatus = "incomplete" | "waiting" | "inreview" | "approved" | "rejected" | "blocked";
export const QUEUE_STATUSES = ["waiting", "inreview", "blocked", "approved"] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

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

export interface AmlEvidence {
  categories: string[];
  nameScore: number;
  score: number;
  verdict: "match" | "review" | "cleared";
  reasons: string[];
}

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

export const OPERATOR_ACTIONS = [
  "approve",
  "reject",
  "block",
  "unblock",
  "request-resubmission",
  "erase",
] as const;
export const CUSTOMER_ACTIONS = ["approve", "reject", "block"] as const;
export type ProfileAction = (typeof OPERATOR_ACTIONS)[number];

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

export const JOBS = ["dedup", "archive", "reconcile", "retry-failed", "sla-check"] as const;
export type JobName = (typeof JOBS)[number];

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
