import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { Webhook } from "standardwebhooks";

/**
 * A business's webhook endpoint as Blockpass documents it (KYCC-Console-Service-Tab-Webhooks):
 * `X-Hub-Signature` is "the HMAC hex digest of the request body ... using the sha256 hash function and
 * the secret as the HMAC key". It also checks the Standard Webhooks headers with the
 * `standardwebhooks` package, and keeps per refId the body with the highest `profileVersion`.
 */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: Record<string, unknown>;
}

export function blockpassSignatureValid(
  rawBody: string,
  header: string | undefined,
  secret: string,
): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(rawBody).digest("hex"));
  const actual = Buffer.from(header);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Standard Webhooks verification (id, timestamp tolerance, any of the signatures). */
export function standardWebhooksValid(
  rawBody: string,
  headers: IncomingHttpHeaders,
  whsecSecret: string,
): boolean {
  try {
    new Webhook(whsecSecret).verify(rawBody, {
      "webhook-id": String(headers["webhook-id"]),
      "webhook-timestamp": String(headers["webhook-timestamp"]),
      "webhook-signature": String(headers["webhook-signature"]),
    });
    return true;
  } catch {
    return false;
  }
}

export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const rawBody = Buffer.concat(chunks).toString("utf8");
        this.received.push({
          headers: request.headers,
          rawBody,
          body: JSON.parse(rawBody) as Record<string, unknown>,
        });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    if (address === null || typeof address === "string") throw new Error("no receiver address");
    return `http://127.0.0.1:${address.port}/blockpass-hook`;
  }

  /** Per refId, the latest state: the body with the highest profileVersion (deliveries may come out of order). */
  latestByRefId(): Map<string, Record<string, unknown>> {
    const latest = new Map<string, Record<string, unknown>>();
    for (const { body } of this.received) {
      if (body.isPing === true || typeof body.refId !== "string") continue;
      const known = latest.get(body.refId);
      if (known === undefined || Number(body.profileVersion) > Number(known.profileVersion))
        latest.set(body.refId, body);
    }
    return latest;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server === null ? resolve() : this.server.close(() => resolve()),
    );
  }
}
