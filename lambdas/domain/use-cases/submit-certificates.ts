import type { Certificate } from "../certificates.js";
import { sameCertificate } from "../certificates.js";
import { ConflictError, ValidationError } from "../errors.js";
import type { Profile } from "../profile.js";
import type { EvidenceIntake } from "../support/edd-evidence.js";
import { RULE_VERSION } from "../rule-version.js";
import { webhooksEnabled } from "../service.js";
import { applyTransition } from "../transitions.js";
import type { DomainDeps } from "./deps.js";
import { loadProfile, loadService } from "./load.js";
import { saveTransition } from "./save-transition.js";

export interface SubmitCertificatesInput {
  clientId: string;
  refId: string;
  /** The identity provider delivering the results (audit actor id). */
  principalId: string;
  certificates: Certificate[];
}

export interface SubmitCertificatesResult {
  profile: Profile;
  /**
   * `completed`: all required certificates are in, the profile is waiting and queued for the bots;
   * `evidence`: new certificates for a blocked profile under enhanced due diligence (status unchanged).
   */
  outcome: "stored" | "completed" | "unchanged" | "evidence";
}

/**
 * Attaches certificates to an `incomplete` profile (a certificate replaces the earlier one of the
 * same name). When every required certificate is in: `incomplete -> waiting` and a review request
 * for the bots. Re-delivering the same certificates is a no-op (and re-queues a waiting profile,
 * in case the first enqueue was lost); anything else after intake closed is a conflict.
 */
export async function submitCertificates(
  deps: Pick<DomainDeps, "services" | "profiles" | "hasher" | "queue" | "clock"> & {
    evidence?: EvidenceIntake;
  },
  input: SubmitCertificatesInput,
): Promise<SubmitCertificatesResult> {
  const service = await loadService(deps.services, input.clientId);
  validateNames(input.certificates);
  const profile = await loadProfile(deps.profiles, input.clientId, input.refId);

  const alreadyStored = input.certificates.every((c) =>
    profile.certificates.some((stored) => sameCertificate(stored, c)),
  );
  if (profile.status !== "incomplete") {
    if (!alreadyStored) {
      const evidence = await deps.evidence?.receive(profile, input.certificates, input.principalId);
      if (evidence !== undefined && evidence !== null) return { profile: evidence, outcome: "evidence" };
      throw new ConflictError(`Certificates cannot be changed while the profile is ${profile.status}`, {
        context: { clientId: input.clientId, refId: input.refId, status: profile.status },
      });
    }
    if (profile.status === "waiting") {
      await deps.queue.enqueue({
        clientId: profile.clientId,
        refId: profile.refId,
        profileVersion: profile.version,
      });
    }
    return { profile, outcome: "unchanged" };
  }
  if (alreadyStored) return { profile, outcome: "unchanged" };

  const now = deps.clock.now();
  const replaced = new Set(input.certificates.map((c) => c.name));
  const merged: Profile = {
    ...profile,
    certificates: [...profile.certificates.filter((c) => !replaced.has(c.name)), ...input.certificates],
    updatedAt: now,
  };
  const present = new Set(merged.certificates.map((c) => c.name));
  const complete = service.requiredCertificates.every((name) => present.has(name));

  if (!complete) {
    const stored: Profile = { ...merged, version: profile.version + 1 };
    await deps.profiles.save({
      profile: stored,
      expectedVersion: profile.version,
      audit: null,
      outbox: [],
      // Status, approval date and identifiers are unchanged: the index rows stay as they are.
      index: { put: [], removeHashes: [] },
    });
    return { profile: stored, outcome: "stored" };
  }

  const change = applyTransition(merged, "waiting", {
    actor: { kind: "system", id: input.principalId },
    reasonCodes: ["CERTIFICATES_COMPLETE"],
    ruleVersion: RULE_VERSION,
    at: now,
    webhooks: webhooksEnabled(service),
  });
  await saveTransition(deps, profile, change);
  await deps.queue.enqueue({
    clientId: change.profile.clientId,
    refId: change.profile.refId,
    profileVersion: change.profile.version,
  });
  return { profile: change.profile, outcome: "completed" };
}

function validateNames(certificates: readonly Certificate[]): void {
  if (certificates.length === 0)
    throw new ValidationError("must list at least one certificate", "certificates");
  const seen = new Set<string>();
  certificates.forEach((c, i) => {
    if (seen.has(c.name)) throw new ValidationError("names a certificate twice", `certificates.${i}.name`);
    seen.add(c.name);
  });
}
