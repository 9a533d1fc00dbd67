// `@kyc-attest/sdk`: the business status client, the intake client and the webhook verifier.
// Registry readers: `@kyc-attest/sdk/registry` (ethers 6) and `@kyc-attest/sdk/viem`.
export { KycApiError, KycNetworkError, KycRateLimitError, KycTimeoutError } from "./errors.js";
export { retryAfterSeconds, type FetchLike, type FetchResponseLike, type HttpClientOptions } from "./http.js";
export {
  MAX_PAGE_SIZE,
  StatusClient,
  type ApplicantsQuery,
  type StatusClientOptions,
} from "./status-client.js";
export * from "./status-types.js";
export { IntakeClient, type IntakeClientOptions } from "./intake-client.js";
export * from "./intake-types.js";
export * from "./webhooks.js";
