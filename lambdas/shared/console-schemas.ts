import { z } from "zod";
import { OPERATOR_CONSOLE_ACTIONS, QUEUE_STATUSES, type QueueStatus } from "./console-constants.js";
import { CLIENT_ID_PATTERN } from "./intake-schemas.js";

export * from "./console-constants.js";

/**
 * The console API's request schemas and answer types (docs/console.md). The handlers validate with
 * these schemas; the console app imports them with `import type` only, so zod never reaches the bundle.
 */

const clientId = z.string().regex(CLIENT_ID_PATTERN, "must be 1-64 letters, digits, '_' or '-'");

/** Sign-in: a local operator's password, a Cognito ID token (AWS), or a customer's review key. */
export const consoleSignInRequest = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("operator"),
    username: z.string().trim().min(1).max(128),
    password: z.string().min(1).max(256),
  }),
  z.object({ kind: z.literal("cognito"), idToken: z.string().min(1).max(8192) }),
  z.object({ kind: z.literal("customer"), clientId, apiKey: z.string().trim().min(1).max(512) }),
]);
export type ConsoleSignInRequest = z.input<typeof consoleSignInRequest>;

export const consoleQueueQuery = z.object({
  status: z.enum(QUEUE_STATUSES).default("waiting"),
  reasonCode: z
    .string()
    .regex(/^[A-Z0-9_]{1,64}$/, "must be an upper-case reason code")
    .optional(),
  cursor: z.string().min(1).max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ConsoleQueueQuery = z.input<typeof consoleQueueQuery>;

export const consoleActionRequest = z.object({
  action: z.enum(OPERATOR_CONSOLE_ACTIONS),
  reason: z.string().trim().min(1, "a reason is required").max(500),
  remediation: z.string().trim().max(1000).optional(),
  version: z.number().int().min(0),
});
export type ConsoleActionRequest = z.input<typeof consoleActionRequest>;

export const qaOutcomeRequest = z.object({
  week: z.string().regex(/^\d{4}-W\d{2}$/, "must be an ISO week such as 2026-W49"),
  outcome: z.enum(["confirmed", "overturned"]),
  note: z.string().trim().min(1, "a note is required").max(500),
});
export type QaOutcomeRequest = z.input<typeof qaOutcomeRequest>;

export const consoleJobRequest = z.object({
  confirm: z.literal(true, { error: "confirm: true is required to run a job" }),
  clientId: clientId.optional(),
  batchId: z.string().min(1).max(128).optional(),
});
export type ConsoleJobRequest = z.input<typeof consoleJobRequest>;

export const TICKET_LIST_STATES = ["open", "answered", "closed"] as const;

export const consoleTicketQuery = z.object({
  clientId,
  state: z.enum(TICKET_LIST_STATES).optional(),
  cursor: z.string().min(1).max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const consoleTicketMessage = z.object({
  message: z.string().trim().min(1, "a message is required").max(4000),
});
export type ConsoleTicketMessage = z.input<typeof consoleTicketMessage>;

/** Who is signed in. Customers are held to their own service. */
export interface ConsoleMe {
  role: "operator" | "customer";
  /** The operator's user name or e-mail; a customer's review key id. */
  name: string;
  clientId: string | null;
}

export interface ConsoleSessionAnswer {
  me: ConsoleMe;
  /** Sent back as `X-CSRF-Token` on every request that changes something. */
  csrfToken: string;
}

export type ConsoleConfig = {
  signIn:
    | { operator: "password" }
    | { operator: "cognito"; cognito: { domain: string; clientId: string; redirectUri: string } };
  customer: "api-key";
};

export interface ConsoleServiceSummary {
  clientId: string;
  name: string;
  plan: string;
  /** Operators work this service (managed plans). */
  operatorAccess: boolean;
  /** The customer reviews its own profiles (payg, self-managed). */
  reviewAccess: boolean;
}

export interface ConsoleQueueRecord {
  refId: string;
  recordId: string;
  status: string;
  since: string | null;
  ageSeconds: number;
  reasonCodes: string[];
  version: number;
  sla: { dueAt: string; standing: "on-time" | "at-risk" | "breached" } | null;
}

export interface ConsoleQueue {
  clientId: string;
  status: QueueStatus;
  counts: Record<string, number>;
  records: ConsoleQueueRecord[];
  cursor: string | null;
}

/** The name of the session cookie (HttpOnly, SameSite=Strict, Path=/console). */
export const CONSOLE_SESSION_COOKIE = "kyc_console_session";
/** The header carrying the session's CSRF token on every request that changes something. */
export const CSRF_HEADER = "X-CSRF-Token";
