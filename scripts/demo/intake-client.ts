import type { IntakeCertificatesBody, IntakeProfileBody } from "../../lambdas/shared/intake-schemas.js";

export interface ApiAnswer {
  readonly statusCode: number;
  /** The parsed JSON body (`{ status: "success", data }` or `{ status: "error", code, message }`). */
  readonly body: unknown;
}

/** The identity provider's side of the intake API, over HTTP with an `intake` API key. */
export class IntakeClient {
  constructor(
    private readonly apiUrl: string,
    private readonly apiKey: string,
    private readonly clientId: string,
  ) {}

  submitProfile(profile: IntakeProfileBody): Promise<ApiAnswer> {
    return this.post(`/intake/1.0/${encodeURIComponent(this.clientId)}/profiles`, profile);
  }

  submitCertificates(
    refId: string,
    certificates: IntakeCertificatesBody["certificates"],
  ): Promise<ApiAnswer> {
    return this.post(
      `/intake/1.0/${encodeURIComponent(this.clientId)}/profiles/${encodeURIComponent(refId)}/certificates`,
      { certificates },
    );
  }

  private async post(path: string, body: unknown): Promise<ApiAnswer> {
    const response = await fetch(`${this.apiUrl}${path}`, {
      method: "POST",
      headers: { Authorization: this.apiKey, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
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

/** Throws with the API's answer unless the status is one of `expected`. */
export function expectStatus(answer: ApiAnswer, expected: readonly number[], what: string): void {
  if (!expected.includes(answer.statusCode)) {
    throw new Error(`${what}: HTTP ${answer.statusCode} ${JSON.stringify(answer.body)}`);
  }
}
