/** What the receiver answered; a network failure or timeout is thrown as WebhookRequestError. */
export interface WebhookResponse {
  status: number;
}

export class WebhookRequestError extends Error {
  override readonly name = "WebhookRequestError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(host: string, cause: unknown) {
    super(`the webhook request to ${host} failed`, { cause });
    this.context = { host };
  }
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;

/**
 * POSTs a signed webhook body with its signature headers. Redirects are not followed (a redirect could send the body elsewhere
 * and counts as a failed delivery); the response body is discarded.
 */
export async function postWebhook(
  url: string,
  rawBody: string,
  signatureHeaders: Readonly<Record<string, string>>,
  timeoutMs = DEFAULT_WEBHOOK_TIMEOUT_MS,
): Promise<WebhookResponse> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "kyc-attest-webhooks/1",
        ...signatureHeaders,
      },
      body: rawBody,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    throw new WebhookRequestError(new URL(url).host, error);
  }
}
