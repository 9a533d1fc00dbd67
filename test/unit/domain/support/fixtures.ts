import type { Certificate, CertificateName } from "../../../../lambdas/domain/certificates.js";
import type { Profile } from "../../../../lambdas/domain/profile.js";
import type { Service, ServiceInput } from "../../../../lambdas/domain/service.js";
import { createService } from "../../../../lambdas/domain/service.js";

export const WALLET_A = "0x52908400098527886E0F7030069857D2E4169EE7";
export const WALLET_B = "0x8617E340B3D01FA5F11F306F4090FD50E238070D";

export function aService(overrides: Partial<ServiceInput> = {}): Service {
  return createService({
    clientId: "acme",
    name: "Acme Token Sale",
    plan: "managed",
    createdAt: "2025-12-01T00:00:00.000Z",
    ...overrides,
  });
}

export function clear(name: CertificateName): Certificate {
  return { name, status: "CLEAR", checks: [] };
}

export function consider(
  name: CertificateName,
  ...codes: (string | { code: string; detail: string })[]
): Certificate {
  return {
    name,
    status: "CONSIDER",
    checks: codes.map((c) => (typeof c === "string" ? { code: c } : c)),
  };
}

export function allClear(): Certificate[] {
  return [clear("identity-document"), clear("selfie"), clear("aml")];
}

export function aProfile(overrides: Partial<Profile> = {}): Profile {
  const at = "2026-01-01T00:00:00.000Z";
  return {
    clientId: "acme",
    refId: "user-1",
    recordId: "0123456789abcdef01234567",
    wallet: WALLET_A,
    identity: { givenName: "Maria", familyName: "Schmidt", dob: "1990-04-12", nationality: "DE" },
    documents: [{ type: "passport", number: "C01X00T47", country: "DE" }],
    ipCountry: "DE",
    submitCount: 1,
    rejectionCount: 0,
    status: "waiting",
    certificates: allClear(),
    waitingDate: at,
    inreviewDate: null,
    approvedDate: null,
    rejectedDate: null,
    blockedDate: null,
    isArchived: false,
    deleted: false,
    version: 3,
    createdAt: at,
    updatedAt: at,
    lastStatusChangeAt: at,
    ...overrides,
  };
}
