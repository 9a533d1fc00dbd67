// The domain's public surface: types, rules and use cases (pure; adapters implement ./ports.js).
export * from "./errors.js";
export * from "./certificates.js";
export * from "./service.js";
export * from "./profile.js";
export * from "./audit.js";
export * from "./service-audit.js";
export * from "./outbox.js";
export * from "./ports.js";
export { ALLOWED_TRANSITIONS, applyTransition, isAllowedTransition } from "./transitions.js";
export type { TransitionOptions, TransitionResult } from "./transitions.js";
export { RULE_VERSION } from "./rule-version.js";
export { deterministicId, recordIdFor } from "./ids.js";
export * from "./bots/index.js";
export * from "./dedup/index.js";
export * from "./use-cases/index.js";
