import { createHmac } from "node:crypto";
import { describe, expect, it } from "@jest/globals";
import { Webhook } from "standardwebhooks";
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
  whsecOf,
} from "../../../lambdas/adapters/webhooks/webhook-signer.js";
import type { OutboxRecord, WebhookOutboxRecord } from "../../../lambdas/domain/outbox.js";
import type { Service } from "../../../lambdas/domain/service.js";
import { webhookRecordFor } from "../../../lambdas/domain/webhooks/webhook-record.js";
import { rotatedSecretState } from "../../../lambdas/domain/webhooks/webhook-secret-generations.js";
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
    expect(signWebhookBody(secret, body)).toBe(
      `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    );
    expect(signer.secretFor("other")).not.toBe(secret);
    expect(new WebhookSigner(Buffer.alloc(32, 8)).secretFor("acme")).not.toBe(secret);
    expect(signWebhookBody(secret, `${body} `)).not.toBe(signWebhookBody(secret, body));
  });

  it("derives a new secret per generation of one service, the first unchanged", () => {
    const signer = new WebhookSigner(KEY);
    expect(signer.secretFor("acme", 1)).toBe(signer.secretFor("acme"));
    expect(signer.secretFor("acme", 2)).not.toBe(signer.secretFor("acme", 1));
    expect(signer.secretFor("acme", 2)).not.toBe(signer.secretFor("other", 2));
    expect(() => signer.secretFor("acme", 0)).toThrow(WebhookSigningKeyError);
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
  // Standard Webhooks verifiers check the timestamp against their clock: sign at the real time.
  const NOW = new Date();

  async function deliveredTo(service: Service) {
    const calls: { url: string; body: string; headers: Record<string, string> }[] = [];
    const outcome = await deliverWebhook(
      {
        services: servicesWith(service),
        secrets: signer,
        env: "prod",
        now: () => NOW,
        post: async (url, body, headers) => {
          calls.push({ url, body, headers });
          return { status: 204 };
        },
      },
      record,
    );
    expect(outcome).toEqual({ outcome: "delivered", httpStatus: 204 });
    expect(calls).toHaveLength(1);
    return calls[0]!;
  }

  it("posts Blockpass's body and headers, signed both ways, to the service's URL", async () => {
    const call = await deliveredTo(aService({ webhookUrl: "https://acme.example/hook" }));
    expect(call.url).toBe("https://acme.example/hook");
    expect(JSON.parse(call.body)).toEqual({
      guid: record.id,
      status: "approved",
      clientId: "acme",
      event: "review.approved",
      recordId: record.recordId,
      refId: "user-1",
      submitCount: 1,
      blockPassID: null,
      isArchived: false,
      waitingDate: null,
      inreviewDate: null,
      approvedDate: null,
      rejectedDate: null,
      blockedDate: null,
      isPing: false,
      env: "prod",
      webhookId: null,
      profileVersion: 4,
      changedAt: "2026-02-01T10:00:00.000Z",
    });
    const secret = signer.secretFor("acme");
    expect(call.headers["X-Blockpass-Event"]).toBe("review.approved");
    expect(call.headers["X-Blockpass-Delivery"]).toBe(record.id);
    // New services get Blockpass's bare hex digest.
    expect(call.headers["X-Hub-Signature"]).toBe(
      createHmac("sha256", secret).update(call.body).digest("hex"),
    );
    expect(call.headers["webhook-id"]).toBe(record.id);
    expect(call.headers["webhook-timestamp"]).toBe(String(Math.floor(NOW.getTime() / 1000)));
    const verifier = new Webhook(whsecOf(secret));
    expect(() => verifier.verify(call.body, call.headers)).not.toThrow();
  });

  it("keeps the sha256= form for services that use it", async () => {
    const call = await deliveredTo(
      aService({ webhookUrl: "https://acme.example/hook", webhookSignatureFormat: "sha256=" }),
    );
    expect(call.headers["X-Hub-Signature"]).toBe(signWebhookBody(signer.secretFor("acme"), call.body));
  });

  it("signs with both secrets during a rotation's overlap, then with the new one only", async () => {
    const rotatedAt = new Date(NOW.getTime() - 60_000).toISOString();
    const service = aService({
      webhookUrl: "https://acme.example/hook",
      webhookSecret: rotatedSecretState(undefined, rotatedAt, 3600),
    });
    const overlapEnded = aService({
      webhookUrl: "https://acme.example/hook",
      webhookSecret: rotatedSecretState(undefined, new Date(NOW.getTime() - 7_200_000).toISOString(), 3600),
    });
    const [previous, current] = [signer.secretFor("acme", 1), signer.secretFor("acme", 2)];
    const during = await deliveredTo(service);
    expect(during.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    for (const secret of [previous, current]) {
      expect(() => new Webhook(whsecOf(secret)).verify(during.body, during.headers)).not.toThrow();
    }
    // The single-valued Blockpass header stays on the previous secret until the overlap ends.
    expect(during.headers["X-Hub-Signature"]).toBe(
      createHmac("sha256", previous).update(during.body).digest("hex"),
    );
    const after = await deliveredTo(overlapEnded);
    expect(after.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(() => new Webhook(whsecOf(previous)).verify(after.body, after.headers)).toThrow();
    expect(after.headers["X-Hub-Signature"]).toBe(
      createHmac("sha256", current).update(after.body).digest("hex"),
    );
  });

  it("reports refusals and drops events of services without a URL", async () => {
    const deps = (service: Service | null) => ({
      services: servicesWith(service),
      secrets: signer,
      env: "prod",
      now: () => NOW,
      post: async () => ({ status: 500 }),
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
