/** Written into every audit entry and decision; bump when any bot or dedup rule changes. */
export const RULE_VERSION = "rules-2026.11.1";
