import type { AuditEntry } from "../../lambdas/domain/audit.js";
import type { Certificate } from "../../lambdas/domain/certificates.js";
import type { Profile } from "../../lambdas/domain/profile.js";
import { createService, type Service, type ServiceInput } from "../../lambdas/domain/service.js";
import { newProfile } from "../../lambdas/domain/use-cases/submit-profile.js";

export const T0 = "2026-01-10T10:00:00.000Z";

/** A service with the documented defaults; managed plan unless overridden. */
export function aService(overrides: Partial<ServiceInput> = {}): Service {
  return createService({ clientId: "acme", name: "Acme", plan: "managed", createdAt: T0, ...overrides });
}

/** A freshly created (`incomplete`, version 1) profile, exactly as a first submission creates it. */
export function aProfile(overrides: Partial<Profile> = {}): Profile {
  const base = newProfile(
    {
      clientId: overrides.clientId ?? "acme",
      refId: overrides.refId ?? "user-1",
      principalId: "test",
      wallet: "0x52908400098527886E0F7030069857D2E4169EE7",
      identity: { givenName: "Ana", familyName: "Pereira", dob: "1990-04-01", nationality: "PT" },
      documents: [{ type: "passport", number: "CA 123-456", country: "PT" }],
      ipCountry: "PT",
    },
    T0,
  );
  return { ...base, ...overrides };
}

export const clearCertificates = (): Certificate[] => [
  { name: "identity-document", status: "CLEAR", checks: [] },
  { name: "selfie", status: "CLEAR", checks: [] },
  { name: "aml", status: "CLEAR", checks: [], aml: { hits: [] } },
];

/** The audit entry a test writes with a profile it seeds in its current status (actor `system:seed`). */
export function aSeedAudit(
  profile: Profile,
  at = profile.createdAt,
  id = `seed-${profile.clientId}-${profile.refId}`,
): AuditEntry {
  return {
    id,
    clientId: profile.clientId,
    refId: profile.refId,
    recordId: profile.recordId,
    from: null,
    to: profile.status,
    actor: { kind: "system", id: "seed" },
    reasonCodes: [],
    ruleVersion: "test",
    at,
    profileVersion: profile.version,
  };
}
