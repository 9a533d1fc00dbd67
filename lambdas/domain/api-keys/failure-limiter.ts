/**
 * Failed authentication attempts are counted per key id and per source address in fixed windows.
 * A key id that reached its limit is refused outright (even with the correct secret) until the window
 * ends. A source address that reached its own, higher limit is refused for every key that does not
 * check out, but a valid key still passes: many tenants share one address (a NAT, a proxy, a cloud
 * egress), and one of them failing must not lock the others out. Fixed windows let a subject make up to
 * twice the limit around a window boundary, which is acceptable: the limiter bounds guessing and cost,
 * the secret's 256 bits do the rest.
 */
export interface FailureLimits {
  /** Failures per key id per window. */
  perKey: number;
  /** Failures per source address per window (higher than `perKey`: an address carries many keys). */
  perSource: number;
  windowSeconds: number;
}

export const DEFAULT_FAILURE_LIMITS: FailureLimits = { perKey: 20, perSource: 200, windowSeconds: 60 };

export type FailureSubject = { kind: "key"; keyId: string } | { kind: "source"; address: string };

export interface FailureWindow {
  /** Epoch seconds, inclusive. */
  start: number;
  /** Epoch seconds, exclusive. */
  end: number;
}

export function failureWindowAt(epochMs: number, windowSeconds: number): FailureWindow {
  const nowSeconds = Math.floor(epochMs / 1000);
  const start = nowSeconds - (nowSeconds % windowSeconds);
  return { start, end: start + windowSeconds };
}

export function limitOf(subject: FailureSubject, limits: FailureLimits): number {
  return subject.kind === "key" ? limits.perKey : limits.perSource;
}

export type LockoutDecision =
  { locked: false } | { locked: true; subject: FailureSubject; retryAfterSeconds: number };

/** Locked when any subject has already used up its failures in this window (the caller decides what a source lock refuses). */
export function lockoutOf(
  counts: readonly { subject: FailureSubject; failures: number }[],
  limits: FailureLimits,
  window: FailureWindow,
  epochMs: number,
): LockoutDecision {
  const exhausted = counts.find(({ subject, failures }) => failures >= limitOf(subject, limits));
  if (exhausted === undefined) return { locked: false };
  const retryAfterSeconds = Math.max(1, window.end - Math.floor(epochMs / 1000));
  return { locked: true, subject: exhausted.subject, retryAfterSeconds };
}

const ADDRESS = /^[0-9A-Fa-f.:]{1,45}$/;

/** The subjects a request is counted under: its source address (if usable) and its key id (if any). */
export function failureSubjectsOf(sourceIp: string | null, keyId: string | null): FailureSubject[] {
  const subjects: FailureSubject[] = [];
  if (keyId !== null) subjects.push({ kind: "key", keyId });
  // API Gateway always sets a well-formed address; anything else shares one bucket.
  subjects.push({
    kind: "source",
    address: sourceIp !== null && ADDRESS.test(sourceIp) ? sourceIp : "unknown",
  });
  return subjects;
}
