import { describe, expect, it } from "@jest/globals";
import { verifyWebhook } from "@kyc-attest/sdk/webhooks";
import { webhookHeaders } from "../../../lambdas/adapters/webhooks/webhook-headers.js";

// The SDK's verifier against the headers the service really sends: one format, two sides.
const current = "a".repeat(64);
const previous = "b".repeat(64);
const rawBody = JSON.stringify({ event: "review.approved", refId: "user-1", profileVersion: 3 });
const nowSeconds = 1_780_000_000;
const now = () => nowSeconds * 1000;

function sent(secrets: { current: string; previous: string | null }, format: "hex" | "sha256=") {
  return webhookHeaders({
    rawBody,
    deliveryId: "delivery-1",
    event: "review.approved",
    timestampSeconds: nowSeconds,
    secrets,
    format,
  });
}

describe("verifyWebhook on the service's own deliveries", () => {
  it.each(["hex", "sha256="] as const)("accepts a delivery signed in the %s form", async (format) => {
    const headers = sent({ current, previous: null }, format);
    await expect(verifyWebhook(rawBody, headers, current, { now })).resolves.toMatchObject({
      valid: true,
      scheme: "standard-webhooks",
      deliveryId: "delivery-1",
    });
    const blockpassOnly = { "X-Hub-Signature": headers["X-Hub-Signature"]! };
    await expect(verifyWebhook(rawBody, blockpassOnly, current, { now })).resolves.toMatchObject({
      valid: true,
      scheme: "x-hub-signature",
    });
  });

  it("accepts both secrets during a rotation's overlap and refuses an unrelated one", async () => {
    const headers = sent({ current, previous }, "hex");
    for (const secret of [current, previous]) {
      await expect(verifyWebhook(rawBody, headers, secret, { now })).resolves.toMatchObject({ valid: true });
    }
    await expect(verifyWebhook(rawBody, headers, "c".repeat(64), { now })).resolves.toMatchObject({
      valid: false,
    });
  });

  it("refuses a changed body and a replay outside the tolerance", async () => {
    const headers = sent({ current, previous: null }, "hex");
    await expect(verifyWebhook(`${rawBody} `, headers, current, { now })).resolves.toMatchObject({
      valid: false,
    });
    const later = () => (nowSeconds + 3600) * 1000;
    await expect(verifyWebhook(rawBody, headers, current, { now: later })).resolves.toMatchObject({
      valid: false,
    });
  });
});
