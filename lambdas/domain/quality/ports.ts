import type { Clock, IdentifierHasher } from "../ports.js";
import type { ProfileStatus } from "../profile.js";
import type { Service } from "../service.js";
import type { QaOutcome } from "./qa-outcome.js";
import type { QaCandidate, QaSample, QaStatus } from "./qa-sample.js";

/** A stored week of QA: the sample and the outcomes recorded so far. */
export interface QaWeekRecord {
  sample: QaSample;
  outcomes: QaOutcome[];
}

/** Where samples and outcomes are kept (DynamoDB in production; no personal data). */
export interface QaStore {
  /** The week's sample with its outcomes; null when none was drawn. Read consistently. */
  weekOf(clientId: string, week: string): Promise<QaWeekRecord | null>;
  /** Stores the sample unless one is stored for that week; false when one was (it wins). */
  saveSampleIfAbsent(sample: QaSample): Promise<boolean>;
  /** Stores the outcome unless one is stored for that profile and week; false when one was. */
  saveOutcomeIfAbsent(clientId: string, week: string, outcome: QaOutcome): Promise<boolean>;
}

/** A profile's state now, as QA shows it next to the sampled decision (no personal data). */
export interface QaProfileState {
  status: ProfileStatus;
  isArchived: boolean;
  deleted: boolean;
}

/** The service's decided profiles, read without their personal data. */
export interface QaProfiles {
  /**
   * Profiles now in `status` whose last status change lies in [start, end), with the time of their
   * decision; the draw keeps those whose decision lies in the week.
   */
  decidedBetween(clientId: string, status: QaStatus, start: string, end: string): Promise<QaCandidate[]>;
  /** The current state of each refId found (erased records stay, marked `deleted`). */
  statesOf(clientId: string, refIds: readonly string[]): Promise<Map<string, QaProfileState>>;
}

export interface QaDeps {
  services: { get(clientId: string): Promise<Service | null> };
  qa: QaStore;
  profiles: QaProfiles;
  /** Keys the draw (the identifier pepper's HMAC). */
  hasher: IdentifierHasher;
  clock: Clock;
}
