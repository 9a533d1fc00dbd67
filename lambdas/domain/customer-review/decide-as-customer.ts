import type { AuditEntry } from "../audit.js";
import { decideProfile, type DecideProfileDeps } from "../use-cases/decide-profile.js";
import type { DedupGroupResult } from "../use-cases/dedup-group.js";
import { loadProfile, loadService } from "../use-cases/load.js";
import { planCustomerDecision, profileChanged, type CustomerDecisionInput } from "./customer-decision.js";
import { requireCustomerReview } from "./review-access.js";
import { reviewRecordOf, type ReviewRecord } from "./review-record.js";

export interface DecideAsCustomerRequest extends CustomerDecisionInput {
  clientId: string;
  refId: string;
  /** The review key's principal (its key id): the audit actor. */
  reviewer: string;
}

export interface DecideAsCustomerResult {
  record: ReviewRecord;
  audit: AuditEntry;
  dedup: DedupGroupResult | null;
}

/**
 * A customer's decision on a profile left for review (payg, self-managed): the same write as an
 * operator's (decideProfile: transition, audit, outbox, webhooks, deduplication), with the user's
 * remediation text as the notification. Conditional on the version the reviewer read: of two
 * reviewers deciding the same profile, one wins and the other gets ProfileChangedError (409).
 */
export async function decideAsCustomer(
  deps: DecideProfileDeps,
  request: DecideAsCustomerRequest,
): Promise<DecideAsCustomerResult> {
  const service = await loadService(deps.services, request.clientId);
  requireCustomerReview(service);
  const profile = await loadProfile(deps.profiles, request.clientId, request.refId);
  const planned = planCustomerDecision(profile, request);
  const decided = await decideProfile(
    deps,
    service,
    profile,
    {
      to: planned.to,
      actor: { kind: "customer", id: request.reviewer },
      reasonCodes: [planned.reasonCode],
      note: planned.note,
      userMessage: planned.userMessage,
    },
    {
      // Written by someone else between the read and the write: say what the profile is now.
      onVersionConflict: async () =>
        profileChanged(await loadProfile(deps.profiles, request.clientId, request.refId), request.version),
    },
  );
  return { record: reviewRecordOf(decided.profile, service), audit: decided.audit, dedup: decided.dedup };
}
