/**
 * Block explorers of the chains the registry is deployed on, by chain id. A local chain (Hardhat,
 * 31337) has none. Used to link an on-chain record's transaction from the operator's profile page.
 */
export const CHAIN_EXPLORERS: Readonly<Record<number, { name: string; baseUrl: string }>> = {
  1: { name: "Etherscan", baseUrl: "https://etherscan.io" },
  11155111: { name: "Sepolia Etherscan", baseUrl: "https://sepolia.etherscan.io" },
  8453: { name: "BaseScan", baseUrl: "https://basescan.org" },
  84532: { name: "BaseScan Sepolia", baseUrl: "https://sepolia.basescan.org" },
  137: { name: "PolygonScan", baseUrl: "https://polygonscan.com" },
};

const TX_HASH = /^0x[0-9a-fA-F]{64}$/;

/** The explorer page of a transaction, or null when the chain has no known explorer (or the hash is not one). */
export function explorerTxUrlOf(chainId: number, txHash: string): string | null {
  const explorer = CHAIN_EXPLORERS[chainId];
  if (explorer === undefined || !TX_HASH.test(txHash)) return null;
  return `${explorer.baseUrl}/tx/${txHash}`;
}
