import { createHmac } from "node:crypto";
import { describe, expect, it } from "@jest/globals";
import {
  hubSignatureHeader,
  standardWebhooksSecret,
  standardWebhooksSignatureHeader,
  standardWebhooksSignedContent,
  verifyWebhook,
} from "@kyc-attest/sdk/webhooks";
import { signWebhookBody } from "../../../lambdas/adapters/webhooks/webhook-signer.js";

/** Signatures computed independently with node:crypto, per WEBHOOK-CONTRACT (key = UTF-8 bytes of the hex secret). */
const SECRET = "a".repeat(32) + "0123456789abcdef".repeat(2);
const OLD_SECRET = "b".repeat(64);
const BODY = JSON.stringify({ event: "user.approved", refId: "u-1", status: "approved" });
const NOW_MS = 1_800_000_000_000;
const now = () => NOW_MS;

const hex = (secret: string, content: string) => createHmac("sha256", secret).update(content).digest("hex");
const b64 = (secret: string, content: string) =>
  createHmac("sha256", secret).update(content).digest("base64");

function standardHeaders(timestamp: number, secrets: string[], id = "msg_1") {
  const content = standardWebhooksSignedContent(id, timestamp, BODY);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": standardWebhooksSignatureHeader(secrets.map((secret) => b64(secret, content))),
  };
}

describe("verifyWebhook", () => {
  it("accepts X-Hub-Signature as a bare hex digest and as sha256=<hex>, in any header case", async () => {
    for (const format of ["hex", "sha256="] as const) {
      const headers = { "x-hub-signature": hubSignatureHeader(hex(SECRET, BODY), format) };
      await expect(verifyWebhook(BODY, headers, SECRET)).resolves.toMatchObject({
        valid: true,
        scheme: "x-hub-signature",
      });
    }
    const fetchHeaders = new Headers({ "X-Hub-Signature": hex(SECRET, BODY) });
    await expect(verifyWebhook(BODY, fetchHeaders, SECRET)).resolves.toMatchObject({ valid: true });
  });

  it("verifies what the service's signer produces", async () => {
    const headers = { "X-Hub-Signature": signWebhookBody(SECRET, BODY) };
    await expect(verifyWebhook(new TextEncoder().encode(BODY), headers, SECRET)).resolves.toMatchObject({
      valid: true,
    });
  });

  it("refuses a changed body, another secret and a malformed digest", async () => {
    const headers = { "X-Hub-Signature": hex(SECRET, BODY) };
    expect(await verifyWebhook(`${BODY} `, headers, SECRET)).toMatchObject({ valid: false });
    expect(await verifyWebhook(BODY, headers, OLD_SECRET)).toMatchObject({ valid: false });
    expect(await verifyWebhook(BODY, { "X-Hub-Signature": "sha256=zz" }, SECRET)).toEqual({
      valid: false,
      reason: "X-Hub-Signature is not a SHA-256 hex digest",
    });
    expect(await verifyWebhook(BODY, {}, SECRET)).toEqual({ valid: false, reason: "no signature header" });
  });

  it("accepts Standard Webhooks signatures with the hex or whsec_ secret, any entry of a rotation", async () => {
    const timestamp = NOW_MS / 1000 - 10;
    for (const secret of [SECRET, standardWebhooksSecret(SECRET)]) {
      expect(await verifyWebhook(BODY, standardHeaders(timestamp, [SECRET]), secret, { now })).toEqual({
        valid: true,
        scheme: "standard-webhooks",
        deliveryId: "msg_1",
      });
    }
    const rotating = standardHeaders(timestamp, [SECRET, OLD_SECRET]);
    expect(await verifyWebhook(BODY, rotating, OLD_SECRET, { now })).toMatchObject({ valid: true });
    expect(await verifyWebhook(BODY, rotating, "c".repeat(64), { now })).toMatchObject({ valid: false });
  });

  it("refuses Standard Webhooks deliveries outside the tolerance, incomplete, or with a replaced id", async () => {
    const stale = standardHeaders(NOW_MS / 1000 - 301, [SECRET]);
    expect(await verifyWebhook(BODY, stale, SECRET, { now })).toEqual({
      valid: false,
      reason: "webhook-timestamp is outside the tolerance",
    });
    expect(await verifyWebhook(BODY, stale, SECRET, { now, toleranceSeconds: 600 })).toMatchObject({
      valid: true,
    });
    const { "webhook-id": _id, ...incomplete } = standardHeaders(NOW_MS / 1000, [SECRET]);
    // Present Standard Webhooks headers win: a valid X-Hub-Signature does not rescue an incomplete set.
    expect(
      await verifyWebhook(BODY, { ...incomplete, "X-Hub-Signature": hex(SECRET, BODY) }, SECRET, { now }),
    ).toMatchObject({ valid: false, reason: "incomplete Standard Webhooks headers" });
    const replayed = { ...standardHeaders(NOW_MS / 1000, [SECRET]), "webhook-id": "msg_2" };
    expect(await verifyWebhook(BODY, replayed, SECRET, { now })).toMatchObject({ valid: false });
  });
});
