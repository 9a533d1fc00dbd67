/**
 * The console API's fixed lists, without zod: the handlers' schemas (console-schemas.ts) and the
 * console app (which must not bundle zod) import them from here.
 */
export const QUEUE_STATUSES = ["waiting", "inreview", "blocked", "approved"] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

export const OPERATOR_CONSOLE_ACTIONS = [
  "approve",
  "reject",
  "block",
  "unblock",
  "request-resubmission",
  "erase",
] as const;
export const CUSTOMER_CONSOLE_ACTIONS = ["approve", "reject", "block"] as const;
export type ConsoleAction = (typeof OPERATOR_CONSOLE_ACTIONS)[number];

export const CONSOLE_JOBS = ["dedup", "archive", "reconcile", "retry-failed", "sla-check"] as const;
export type ConsoleJob = (typeof CONSOLE_JOBS)[number];
