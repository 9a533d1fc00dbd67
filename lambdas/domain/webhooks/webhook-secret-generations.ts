import { ValidationError } from "../errors.js";

/**
 * `X-Hub-Signature` forms: `hex` is Blockpass's documented bare digest (new services), `sha256=` the
 * GitHub-style prefix this service sent before (kept for services created before the setting).
 */
export const WEBHOOK_SIGNATURE_FORMATS = ["hex", "sha256="] as const;
export type WebhookSignatureFormat = (typeof WEBHOOK_SIGNATURE_FORMATS)[number];
/** Services stored without the setting were created when `sha256=` was the only form. */
export const LEGACY_SIGNATURE_FORMAT: WebhookSignatureFormat = "sha256=";
export const NEW_SERVICE_SIGNATURE_FORMAT: WebhookSignatureFormat = "hex";

/**
 * Which generation of the service's derived webhook secret signs (generation 1 until the first
 * rotation). During a rotation's overlap the previous generation still signs too.
 */
export interface WebhookSecretState {
  generation: number;
  previous?: { generation: number; until: string };
}

export const DEFAULT_ROTATION_OVERLAP_SECONDS = 24 * 3600;
export const MAX_ROTATION_OVERLAP_SECONDS = 30 * 24 * 3600;

export interface ActiveGenerations {
  current: number;
  /** Still signing until the overlap ends; null outside an overlap. */
  previous: number | null;
}

export function activeGenerations(state: WebhookSecretState | undefined, now: string): ActiveGenerations {
  const current = state?.generation ?? 1;
  const previous = state?.previous;
  if (previous === undefined || Date.parse(previous.until) <= Date.parse(now)) {
    return { current, previous: null };
  }
  return { current, previous: previous.generation };
}

/**
 * The next generation, the current one kept signing for `overlapSeconds` (0: replaced at once). A
 * rotation during an overlap ends the earlier overlap: only two secrets ever sign.
 */
export function rotatedSecretState(
  state: WebhookSecretState | undefined,
  now: string,
  overlapSeconds: number,
): WebhookSecretState {
  if (
    !Number.isInteger(overlapSeconds) ||
    overlapSeconds < 0 ||
    overlapSeconds > MAX_ROTATION_OVERLAP_SECONDS
  ) {
    throw new ValidationError(
      `must be a whole number of seconds from 0 to ${MAX_ROTATION_OVERLAP_SECONDS}`,
      "overlapSeconds",
    );
  }
  const current = state?.generation ?? 1;
  const next: WebhookSecretState = { generation: current + 1 };
  if (overlapSeconds > 0) {
    next.previous = {
      generation: current,
      until: new Date(Date.parse(now) + overlapSeconds * 1000).toISOString(),
    };
  }
  return next;
}
