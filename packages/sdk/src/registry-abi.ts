import { KYC_REGISTRY_ABI } from "@kyc-attest/contracts";

const READS = new Set(["isVerified", "verifiedUntil", "verifiedUntilBatch", "isIssuedFor"]);

/** The registry's read functions (a slice of `KYC_REGISTRY_ABI` from `@kyc-attest/contracts`). */
export const REGISTRY_READ_ABI = KYC_REGISTRY_ABI.filter(
  (entry) => entry.type === "function" && READS.has(entry.name),
);
