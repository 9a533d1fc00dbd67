import { createHmac } from "node:crypto";
import { describe, expect, it } from "@jest/globals";
import { deliverWebhook } from "../../../lambdas/adapters/webhooks/deliver-webhook.js";
import { relayWebhookOutbox } from "../../../lambdas/adapters/webhooks/webhook-relay.js";
import {
  decodeWebhookMessage,
  encodeWebhookMessage,
  InvalidWebhookMessageError,
} from "../../../lambdas/adapters/webhooks/webhook-message.js";
import {
  signWebhookBody,
  WebhookSigner,
  WebhookSigningKeyError,
} from "../../../lambdas/adapters/webhooks/webhook-signer.js";
import type { OutboxRecord, WebhookOutboxRecord } from "../../../lambdas/domain/outbox.js";
import type { Service } from "../../../lambdas/domain/service.js";
import { webhookRecordFor } from "../../../lambdas/domain/webhooks/webhook-record.js";
import { aProfile, aService } from "../../support/domain-builders.js";

const KEY = Buffer.alloc(32, 7);
const record: WebhookOutboxRecord = webhookRecordFor(
  aProfile({ status: "approved", version: 4 }),
  "review.approved",
  "2026-02-01T10:00:00.000Z",
);

describe("WebhookSigner", () => {
  it("signs the raw body with HMAC-SHA-256 of a per-service secret", () => {
    const signer = new WebhookSigner(KEY);
    const body = '{"event":"review.approved"}';
    const secret = signer.secretFor("acme");
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(signer.signatureFor("acme", body)).toBe(
      `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    );
    expect(signer.secretFor("other")).not.toBe(secret);
    expect(new WebhookSigner(Buffer.alloc(32, 8)).secretFor("acme")).not.toBe(secret);
    expect(signWebhookBody(secret, `${body} `)).not.toBe(signer.signatureFor("acme", body));
  });

  it("reads base64, hex and text keys and refuses short or missing ones", () => {
    const fromBase64 = WebhookSigner.fromSecret(`base64:${KEY.toString("base64")}`);
    const fromHex = WebhookSigner.fromSecret(`hex:${KEY.toString("hex")}`);
    expect(fromHex.secretFor("acme")).toBe(fromBase64.secretFor("acme"));
    expect(() => WebhookSigner.fromSecret(undefined)).toThrow(WebhookSigningKeyError);
    expect(() => WebhookSigner.fromSecret("short")).toThrow(WebhookSigningKeyError);
  });
});

describe("webhook queue messages", () => {
  it("round-trips a record and refuses anything else", () => {
    expect(decodeWebhookMessage("m1", encodeWebhookMessage(record))).toEqual(record);
    expect(() => decodeWebhookMessage("m2", "{not json")).toThrow(InvalidWebhookMessageError);
    expect(() => decodeWebhookMessage("m3", JSON.stringify({ ...record, event: "user.hacked" }))).toThrow(
      InvalidWebhookMessageError,
    );
  });
});

describe("deliverWebhook", () => {
  const servicesWith = (service: Service | null) => ({ get: async () => service });
  const signer = new WebhookSigner(KEY);

  it("posts the signed payload to the service's URL", async () => {
    const calls: { url: string; body: string; signature: string }[] = [];
    const outcome = await deliverWebhook(
      {
        services: servicesWith(aService({ webhookUrl: "https://acme.example/hook" })),
        signatureFor: (clientId, body) => signer.signatureFor(clientId, body),
        post: async (url, body, signature) => {
          calls.push({ url, body, signature });
          return { status: 204 };
        },
      },
      record,
    );
    expect(outcome).toEqual({ outcome: "delivered", httpStatus: 204 });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe("https://acme.example/hook");
    expect(JSON.parse(call?.body ?? "")).toEqual({
      event: "review.approved",
      clientId: "acme",
      refId: "user-1",
      recordId: record.recordId,
      status: "approved",
      submitCount: 1,
      isArchived: false,
      guid: record.id,
    });
    expect(call?.signature).toBe(signer.signatureFor("acme", call?.body ?? ""));
  });

  it("reports refusals and drops events of services without a URL", async () => {
    const post = async () => ({ status: 500 });
    const deps = (service: Service | null) => ({
      services: servicesWith(service),
      signatureFor: () => "sha256=00",
      post,
    });
    expect(await deliverWebhook(deps(aService({ webhookUrl: "https://a.example/" })), record)).toEqual({
      outcome: "refused",
      httpStatus: 500,
    });
    expect(await deliverWebhook(deps(aService()), record)).toEqual({
      outcome: "dropped",
      reason: "no-webhook-url",
    });
    expect(await deliverWebhook(deps(null), record)).toEqual({
      outcome: "dropped",
      reason: "unknown-service",
    });
  });
});

describe("relayWebhookOutbox", () => {
  it("sends pending webhook records and marks only the sent ones published", async () => {
    const other = webhookRecordFor(
      aProfile({ refId: "user-2", status: "blocked", version: 2 }),
      "user.blocked",
      "2026-02-01T11:00:00.000Z",
    );
    const pending = new Map<string, OutboxRecord>([
      [record.id, record],
      [other.id, other],
    ]);
    const published: string[] = [];
    const outbox = {
      listPending: async (kind: OutboxRecord["kind"]) => ({
        items: [...pending.values()].filter((entry) => entry.kind === kind),
        cursor: null,
      }),
      markPublished: async (id: string) => {
        published.push(id);
        return pending.delete(id);
      },
    };
    const sent: WebhookOutboxRecord[] = [];
    const result = await relayWebhookOutbox(
      outbox,
      { send: async (records) => (sent.push(...records), records.map((r) => r.id)) },
      () => "2026-02-01T12:00:00.000Z",
    );
    expect(result).toEqual({ published: 2 });
    expect(sent.map((entry) => entry.refId).sort()).toEqual(["user-1", "user-2"]);
    expect(published.sort()).toEqual([record.id, other.id].sort());
    expect(pending.size).toBe(0);
  });

  it("leaves records pending when the queue fails", async () => {
    const outbox = {
      listPending: async () => ({ items: [record] as OutboxRecord[], cursor: null }),
      markPublished: async () => true,
    };
    await expect(
      relayWebhookOutbox(outbox, { send: async () => Promise.reject(new Error("SQS down")) }, () => "t"),
    ).rejects.toThrow("SQS down");
  });
});
