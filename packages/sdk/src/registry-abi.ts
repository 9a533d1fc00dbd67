import { KYC_REGISTRY_ABI } from "@kyc-attest/contracts";

const READS = ["isVerified", "verifiedUntil", "verifiedUntilBatch", "isIssuedFor"] as const;
type RegistryRead = (typeof READS)[number];
type RegistryReadEntry = Extract<(typeof KYC_REGISTRY_ABI)[number], { type: "function"; name: RegistryRead }>;

/** The registry's read functions (a slice of `KYC_REGISTRY_ABI` from `@kyc-attest/contracts`), typed for viem. */
export const REGISTRY_READ_ABI: readonly RegistryReadEntry[] = KYC_REGISTRY_ABI.filter(
  (entry): entry is RegistryReadEntry =>
    entry.type === "function" && (READS as readonly string[]).includes(entry.name),
);
