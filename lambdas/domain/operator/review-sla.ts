import type { ProfileStatus } from "../profile.js";
import type { Plan } from "../service.js";
import { slaStandingOf, type SlaStanding } from "../support/sla-check.js";
import { addWorkingHours, type Holidays } from "../support/working-hours.js";

/**
 * How long operators take to review a profile left for them, in support working hours (9:00–18:00
 * GMT+7, weekdays, the desk's holidays), per plan. The reference's dedicated operator answers "usually
 * immediately during working hours" (3 working hours, its written bound); the managed service answers
 * within a working day (24 working hours). On payg and self-managed plans the customer reviews its own
 * profiles: operators have no target.
 */
export const REVIEW_TARGET_WORKING_HOURS: Readonly<Record<Plan, number | null>> = {
  "managed-dedicated": 3,
  managed: 24,
  "self-managed": null,
  payg: null,
};

/** Statuses with a review clock running: left for a person, not yet decided. */
export const REVIEW_SLA_STATUSES: ReadonlySet<ProfileStatus> = new Set(["waiting", "inreview"]);

export interface ReviewSla {
  /** When the review is due (ISO-8601 UTC). */
  dueAt: string;
  standing: SlaStanding;
}

/**
 * The review SLA of a profile at `now`, or null when none applies (plan without operator review, or
 * a status that is not waiting for one). The clock starts when the profile became `waiting` (its
 * `waitingDate`): opening it does not restart it.
 */
export function reviewSlaOf(
  plan: Plan,
  profile: { status: ProfileStatus; waitingDate: string | null; lastStatusChangeAt: string },
  now: string,
  holidays: Holidays,
): ReviewSla | null {
  const hours = REVIEW_TARGET_WORKING_HOURS[plan];
  if (hours === null || !REVIEW_SLA_STATUSES.has(profile.status)) return null;
  const dueAt = addWorkingHours(profile.waitingDate ?? profile.lastStatusChangeAt, hours, holidays);
  return { dueAt, standing: slaStandingOf({ responseDueAt: dueAt }, now, holidays) };
}
