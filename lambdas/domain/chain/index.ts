// The chain pipeline's pure rules: coalescing, batch planning, fees, inclusion, reconcile (no I/O).
export * from "./intent.js";
export * from "./staleness.js";
export * from "./coalesce.js";
export * from "./expiry.js";
export * from "./wallet-action.js";
export * from "./gas-budget.js";
export * from "./batch-plan.js";
export * from "./fee-policy.js";
export * from "./inclusion.js";
export * from "./failure-policy.js";
export * from "./reconcile-plan.js";
export * from "./nonce-gap.js";
