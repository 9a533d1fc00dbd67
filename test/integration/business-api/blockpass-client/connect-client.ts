/**
 * A KYC Connect client written from Blockpass's published material only: the Dashboard API pages
 * (docs.blockpass.org/docs/connect/KYCC-Dashboard-API-*) and the calls of its AML-remediation script
 * (`app/blockpass.py` in blockpass-org/OPS8.27.2-Automate-the-AML-Remediation-Process). It imports
 * nothing from this repository: it is what a business already integrated with Blockpass runs, pointed
 * at another base URL, client id and key.
 */
export interface ConnectClientOptions {
  baseUrl: string;
  clientId: string;
  apiKey: string;
  /** How long to wait on 429 when the answer has no Retry-After (the script sleeps 30 s). */
  defaultBackoffSeconds?: number;
  /** Seen 429s, so a caller can tell the back-off ran. */
  onThrottled?: (retryAfterSeconds: number) => void;
}

export type Json = Record<string, unknown>;

export class ConnectClient {
  constructor(private readonly options: ConnectClientOptions) {}

  /** `GET .../applicants?limit=&skip=` until an empty page, as the script does (skip += limit). */
  async allApplicants(limit = 100, status?: string): Promise<Json[]> {
    const records: Json[] = [];
    for (let skip = 0; ; skip += limit) {
      const path = status === undefined ? "applicants" : `applicants/${status}`;
      const page = await this.get(`${path}?limit=${limit}&skip=${skip}`);
      if (page.statusCode !== 200) throw new Error(`listing answered ${page.statusCode}`);
      const pageRecords = ((page.body.data as Json | undefined)?.records ?? []) as Json[];
      if (pageRecords.length === 0) return records;
      records.push(...pageRecords);
    }
  }

  /** `GET .../applicant/{refId}`: null on 404, as the script reads it. */
  async applicant(refId: string): Promise<Json | null> {
    return this.single(`applicant/${encodeURIComponent(refId)}`);
  }

  /** `GET .../refId/{refId}` (the documented path). */
  async byRefId(refId: string): Promise<Json | null> {
    return this.single(`refId/${encodeURIComponent(refId)}`);
  }

  /** `GET .../recordId/{recordId}`. */
  async byRecordId(recordId: string): Promise<Json | null> {
    return this.single(`recordId/${encodeURIComponent(recordId)}`);
  }

  async get(path: string): Promise<{ statusCode: number; body: Json }> {
    for (;;) {
      const response = await fetch(
        `${this.options.baseUrl}/kyc/1.0/connect/${encodeURIComponent(this.options.clientId)}/${path}`,
        { headers: { Authorization: this.options.apiKey, "cache-control": "no-cache" } },
      );
      const body = (await response.json()) as Json;
      if (response.status !== 429) return { statusCode: response.status, body };
      const header = Number(response.headers.get("retry-after"));
      const seconds =
        Number.isFinite(header) && header > 0 ? header : (this.options.defaultBackoffSeconds ?? 30);
      this.options.onThrottled?.(seconds);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  }

  private async single(path: string): Promise<Json | null> {
    const answer = await this.get(path);
    if (answer.statusCode === 404) return null;
    if (answer.statusCode !== 200) throw new Error(`${path} answered ${answer.statusCode}`);
    return answer.body;
  }
}
