// Response and request types of the console API (see CONSOLE-API.md). Kept local until the backend's
// lambdas/shared/console-schemas.ts lands on main; then these become `import type` re-exports from it.

export type Role = "operator" | "customer";
export type ProfileStatus = "incomplete" | "waiting" | "inreview" | "approved" | "rejected" | "blocked";
export const QUEUE_STATUSES = ["waiting", "inreview", "blocked", "approved"] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

export interface Me {
  role: Role;
  name: string;
  clientId: string | null;
}

export interface SessionData {
  me: Me;
  csrfToken: string;
}

export type SignInConfig = {
  signIn:
    | { operator: "password" }
    | { operator: "cognito"; cognito: { domain: string; clientId: string; redirectUri: string } };
  customer: "api-key";
};

export type SessionRequest =
  | { kind: "operator"; username: string; password: string }
  | { kind: "cognito"; idToken: string }
  | { kind: "customer"; clientId: string; apiKey: string };

export interface ServiceSummary {
  clientId: string;
  name: string;
  plan: string;
  operatorAccess: boolean;
  reviewAccess: boolean;
}

export type SlaStanding = "on-time" | "at-risk" | "breached";

export interface QueueRecord {
  refId: string;
  recordId: string;
  status: ProfileStatus;
  since: string;
  ageSeconds: number;
  reasonCodes: string[];
  version: number;
  sla: { dueAt: string; standing: SlaStanding } | null;
}

export type StatusCounts = Record<QueueStatus | "rejected" | "incomplete", number>;

export interface QueuePage {
  clientId: string;
  status: QueueStatus;
  counts: StatusCounts;
  records: QueueRecord[];
  cursor: string | null;
}

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

/**
 * One profile as the console shows it: the operator's shape and the customer's review record overlap; every
 * field the other role does not get is optional, and the page renders what is present.
 */
export interface ConsoleProfile {
  refId: string;
  recordId: string;
  status: ProfileStatus;
  version: number;
  submitCount?: number;
  rejectionCount?: number;
  isArchived?: boolean;
  waitingDate?: string | null;
  inreviewDate?: string | null;
  approvedDate?: string | null;
  rejectedDate?: string | null;
  blockedDate?: string | null;
  createdAt?: string;
  lastStatusChangeAt?: string;
  statusReasonCodes?: string[];
  reasonCodes?: string[];
  amlEvidence?: AmlEvidence[] | null;
  personalData?: {
    wallet?: string;
    identity: IdentityView | null;
    documents: DocumentView[];
    ipCountry: string | null;
    certificates: CertificateView[];
  } | null;
  duplicates?: { refId: string; status: ProfileStatus }[];
  audit?: AuditEntry[];
  onchain?: OnchainView | null;
  // The customer's review record.
  wallet?: string;
  documents?: DocumentView[];
  ipCountry?: string | null;
  reviewCertificates?: CertificateView[];
  identities?: Record<string, { type?: string; value: string }>;
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

export interface ActionRequest {
  action: ProfileAction;
  reason: string;
  remediation?: string;
  version: number;
}

export interface ProfileAnswer {
  changed?: boolean;
  profile: ConsoleProfile;
}

export interface QaItem {
  refId: string;
  status: ProfileStatus;
  decidedAt: string;
  outcome: null | { outcome: "confirmed" | "overturned"; note: string; operator: string; at: string };
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
