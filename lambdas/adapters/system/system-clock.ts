import type { Clock } from "../../domain/ports.js";

export class SystemClock implements Clock {
  now(): string {
    return new Date().toISOString();
  }
}

/** A clock frozen at a given instant: a scheduled job's "now" is its event time. */
export class FixedClock implements Clock {
  constructor(private readonly instant: string) {}

  now(): string {
    return this.instant;
  }
}
