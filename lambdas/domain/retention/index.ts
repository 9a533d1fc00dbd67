export * from "./archive-record.js";
export * from "./identifier-retention.js";
export * from "./ports.js";
export * from "./retention-audit.js";
export * from "./schedule.js";
export * from "./scrub.js";
