import { DEFAULT_MAX_WALLETS_PER_TX } from "./gas-budget.js";
import type { WalletAction } from "./wallet-action.js";

export type AttestAction = Extract<WalletAction, { kind: "attest" }>;
export type RevokeAction = Extract<WalletAction, { kind: "revoke" }>;

/** One registry transaction: a single service, a single kind, a bounded number of wallets. */
export type PlannedBatch =
  | { kind: "attest"; clientId: string; actions: AttestAction[] }
  | { kind: "revoke"; clientId: string; actions: RevokeAction[] };

/**
 * Groups wallet actions into registry transactions: per service and kind (attestBatch / revokeBatch),
 * at most `maxWalletsPerTx` wallets each, in the order the services and kinds first appear. Each
 * wallet appears in at most one action (the input is coalesced), so batch order cannot matter.
 */
export function planBatches(
  actions: readonly WalletAction[],
  maxWalletsPerTx: number = DEFAULT_MAX_WALLETS_PER_TX,
): PlannedBatch[] {
  if (!Number.isInteger(maxWalletsPerTx) || maxWalletsPerTx < 1) {
    throw new RangeError(`maxWalletsPerTx must be a positive integer, got ${maxWalletsPerTx}`);
  }
  const groups = new Map<string, PlannedBatch>();
  for (const action of actions) {
    const key = `${action.clientId}#${action.kind}`;
    let group = groups.get(key);
    if (group === undefined) {
      group =
        action.kind === "attest"
          ? { kind: "attest", clientId: action.clientId, actions: [] }
          : { kind: "revoke", clientId: action.clientId, actions: [] };
      groups.set(key, group);
    }
    (group.actions as WalletAction[]).push(action);
  }
  return [...groups.values()].flatMap((group) => chunk(group, maxWalletsPerTx));
}

function chunk(group: PlannedBatch, size: number): PlannedBatch[] {
  const batches: PlannedBatch[] = [];
  for (let start = 0; start < group.actions.length; start += size) {
    batches.push(
      group.kind === "attest"
        ? { ...group, actions: group.actions.slice(start, start + size) }
        : { ...group, actions: group.actions.slice(start, start + size) },
    );
  }
  return batches;
}

/** Splits a batch in two halves (when its gas estimate is too close to the cap). */
export function halve(batch: PlannedBatch): [PlannedBatch, PlannedBatch] {
  const middle = Math.ceil(batch.actions.length / 2);
  if (batch.kind === "attest") {
    return [
      { ...batch, actions: batch.actions.slice(0, middle) },
      { ...batch, actions: batch.actions.slice(middle) },
    ];
  }
  return [
    { ...batch, actions: batch.actions.slice(0, middle) },
    { ...batch, actions: batch.actions.slice(middle) },
  ];
}

/**
 * What a transaction keeps of its batch once it is final: kind, service and size. The plan itself names
 * wallets and refIds; it is only needed while the transaction may still be re-broadcast, replaced,
 * re-queued or recorded, and keeping it forever would keep erased users' wallets forever.
 */
export interface BatchSummary {
  kind: PlannedBatch["kind"];
  clientId: string;
  wallets: number;
}

export function summarizeBatch(plan: PlannedBatch): BatchSummary {
  return { kind: plan.kind, clientId: plan.clientId, wallets: plan.actions.length };
}
