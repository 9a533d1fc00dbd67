import type { Actor, AuditEntry } from "../audit.js";
import { normalizeCountry, normalizeDocumentNumber, normalizeWallet } from "../dedup/identifiers.js";
import { ConflictError, ValidationError } from "../errors.js";
import { deterministicId, recordIdFor } from "../ids.js";
import type { Identity, IdentityDocument, Profile } from "../profile.js";
import { RULE_VERSION } from "../rule-version.js";
import { webhooksEnabled } from "../service.js";
import { applyTransition } from "../transitions.js";
import { webhookRecordFor } from "../webhooks/webhook-record.js";
import type { DomainDeps } from "./deps.js";
import { indexChangeFor } from "./index-change.js";
import { loadService } from "./load.js";
import { saveTransition } from "./save-transition.js";

export interface SubmitProfileInput {
  clientId: string;
  /** The authenticated caller submitting on the user's behalf (audit actor id). */
  principalId: string;
  refId: string;
  /** Checksummed by the boundary. */
  wallet: string;
  identity: Identity;
  documents: IdentityDocument[];
  ipCountry?: string | null;
}

export interface SubmitProfileResult {
  profile: Profile;
  outcome: "created" | "resubmitted" | "unchanged";
}

/**
 * Creates a profile (`incomplete`), or resubmits a `rejected` one: new data, `submitCount` + 1,
 * certificates cleared, back to `incomplete`. Repeating an accepted submission changes nothing;
 * different data for a profile that is not rejected is a conflict.
 */
export async function submitProfile(
  deps: Pick<DomainDeps, "services" | "profiles" | "hasher" | "clock">,
  input: SubmitProfileInput,
): Promise<SubmitProfileResult> {
  const service = await loadService(deps.services, input.clientId);
  validateDocuments(input.documents);
  const actor: Actor = { kind: "customer", id: input.principalId };
  const now = deps.clock.now();

  let existing = await deps.profiles.get(input.clientId, input.refId);
  if (existing === null) {
    const profile = newProfile(input, now);
    const audit = creationAudit(profile, actor);
    const result = await deps.profiles.createIfAbsent({
      profile,
      audit,
      index: indexChangeFor(null, profile, deps.hasher).put,
      outbox: webhooksEnabled(service) ? [webhookRecordFor(profile, "user.created", now)] : [],
    });
    if (result.created) return { profile: result.profile, outcome: "created" };
    existing = result.existing; // lost a race with an identical or concurrent creation
  }

  if (existing.deleted) {
    throw new ConflictError("Profile was deleted and cannot be resubmitted", {
      context: { clientId: input.clientId, refId: input.refId },
    });
  }
  if (existing.status !== "rejected") {
    if (sameSubmission(existing, input)) return { profile: existing, outcome: "unchanged" };
    throw new ConflictError(`Profile is ${existing.status}; only a rejected profile can be resubmitted`, {
      context: { clientId: input.clientId, refId: input.refId, status: existing.status },
    });
  }

  const updated: Profile = {
    ...existing,
    wallet: input.wallet,
    identity: { ...input.identity },
    documents: input.documents.map((d) => ({ ...d })),
    ipCountry: input.ipCountry ?? null,
    certificates: [],
    submitCount: existing.submitCount + 1,
    isArchived: false,
  };
  const change = applyTransition(updated, "incomplete", {
    actor,
    reasonCodes: ["RESUBMITTED"],
    ruleVersion: RULE_VERSION,
    at: now,
  });
  await saveTransition(deps, existing, change);
  return { profile: change.profile, outcome: "resubmitted" };
}

/** The profile a first submission creates: `incomplete`, version 1, no certificates. */
export function newProfile(input: SubmitProfileInput, now: string): Profile {
  return {
    clientId: input.clientId,
    refId: input.refId,
    recordId: recordIdFor(input.clientId, input.refId),
    wallet: input.wallet,
    identity: { ...input.identity },
    documents: input.documents.map((d) => ({ ...d })),
    ipCountry: input.ipCountry ?? null,
    submitCount: 1,
    rejectionCount: 0,
    status: "incomplete",
    certificates: [],
    waitingDate: null,
    inreviewDate: null,
    approvedDate: null,
    rejectedDate: null,
    blockedDate: null,
    isArchived: false,
    deleted: false,
    version: 1,
    createdAt: now,
    updatedAt: now,
    lastStatusChangeAt: now,
  };
}

function creationAudit(profile: Profile, actor: Actor): AuditEntry {
  return {
    id: deterministicId(profile.clientId, profile.refId, profile.version, "audit"),
    clientId: profile.clientId,
    refId: profile.refId,
    recordId: profile.recordId,
    from: null,
    to: "incomplete",
    actor,
    reasonCodes: ["PROFILE_CREATED"],
    ruleVersion: RULE_VERSION,
    at: profile.createdAt,
    profileVersion: profile.version,
  };
}

function documentKey(doc: IdentityDocument): string {
  return `${doc.type}:${normalizeCountry(doc.country)}:${normalizeDocumentNumber(doc.number)}`;
}

function validateDocuments(documents: readonly IdentityDocument[]): void {
  const seen = new Set<string>();
  documents.forEach((doc, i) => {
    if (normalizeDocumentNumber(doc.number) === "") {
      throw new ValidationError("must contain letters or digits", `documents.${i}.number`);
    }
    const key = documentKey(doc);
    if (seen.has(key)) throw new ValidationError("lists the same document twice", `documents.${i}`);
    seen.add(key);
  });
}

function sameSubmission(profile: Profile, input: SubmitProfileInput): boolean {
  const id = profile.identity;
  if (id === null) return false;
  const docs = (list: readonly IdentityDocument[]): string => list.map(documentKey).sort().join("|");
  return (
    normalizeWallet(profile.wallet) === normalizeWallet(input.wallet) &&
    id.givenName === input.identity.givenName &&
    id.familyName === input.identity.familyName &&
    id.dob === input.identity.dob &&
    id.nationality === input.identity.nationality &&
    (id.email ?? null) === (input.identity.email ?? null) &&
    docs(profile.documents) === docs(input.documents) &&
    (profile.ipCountry ?? null) === (input.ipCountry ?? null)
  );
}
