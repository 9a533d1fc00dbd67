// `@kyc-attest/sdk/webhooks`: the signature format and the verifier (no other SDK code).
export * from "./webhook-format.js";
export * from "./verify-webhook.js";
