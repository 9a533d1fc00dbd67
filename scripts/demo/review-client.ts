import type { ApiAnswer } from "./intake-client.js";

/** A business's side of the customer review API, over HTTP with a `review` API key. */
export class ReviewClient {
  constructor(
    private readonly apiUrl: string,
    private readonly apiKey: string,
    private readonly clientId: string,
  ) {}

  /** Profiles waiting for review, then in review (`?skip=&limit=`). */
  list(page: { skip?: number; limit?: number } = {}): Promise<ApiAnswer> {
    const query = new URLSearchParams(
      Object.entries(page).map(([name, value]): [string, string] => [name, String(value)]),
    ).toString();
    return this.send("GET", query === "" ? "" : `?${query}`);
  }

  read(refId: string): Promise<ApiAnswer> {
    return this.send("GET", `/${encodeURIComponent(refId)}`);
  }

  open(refId: string): Promise<ApiAnswer> {
    return this.send("POST", `/${encodeURIComponent(refId)}/open`);
  }

  decide(
    refId: string,
    decision: { action: string; reason: string; remediation?: string; version: number },
  ): Promise<ApiAnswer> {
    return this.send("POST", `/${encodeURIComponent(refId)}/decision`, decision);
  }

  private async send(method: "GET" | "POST", path: string, body?: unknown): Promise<ApiAnswer> {
    const response = await fetch(
      `${this.apiUrl}/kyc/1.0/connect/${encodeURIComponent(this.clientId)}/review${path}`,
      {
        method,
        headers: {
          Authorization: this.apiKey,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
    );
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: keep the text for the error message.
    }
    return { statusCode: response.status, body: parsed };
  }
}
