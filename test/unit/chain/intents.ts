import type { ChainIntent } from "../../../lambdas/domain/chain/intent.js";

export const WALLET_A = "0x52908400098527886E0F7030069857D2E4169EE7";
export const WALLET_B = "0x8617E340B3D01FA5F11F306F4090FD50E238070D";

let sequence = 0;

/** A status-change intent; every call gets a fresh id. */
export function anIntent(overrides: Partial<ChainIntent> = {}): ChainIntent {
  sequence += 1;
  return {
    id: `intent-${sequence}`,
    intent: "attest",
    clientId: "acme",
    refId: "user-1",
    wallet: WALLET_A,
    at: "2026-01-10T10:00:00.000Z",
    profileVersion: 3,
    source: "status-change",
    ...overrides,
  };
}
