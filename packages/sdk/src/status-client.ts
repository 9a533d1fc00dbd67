import { HttpClient, type HttpClientOptions } from "./http.js";
import {
  STATUS_API_PATHS,
  type ApplicantsPage,
  type ArchiveResult,
  type OnchainCoordinates,
  type ProfileStatus,
  type StatusRecord,
} from "./status-types.js";

export interface StatusClientOptions extends HttpClientOptions {
  /** The business's service id (`clientId`). */
  readonly clientId: string;
}

export interface ApplicantsQuery {
  /** Only applicants in this status. */
  readonly status?: ProfileStatus;
  readonly skip?: number;
  /** Page size, 1-100 (the API's default is 20). */
  readonly limit?: number;
}

/** The API's largest page. */
export const MAX_PAGE_SIZE = 100;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ""));
}

/**
 * The business status API (`/kyc/1.0/connect/...`) with a `status` key. `R` is `StatusRecord` (no
 * personal data) unless the key is a `status+identity` key of a payg or self-managed service, whose
 * records may carry `identities` and `certs` in Blockpass's form (use `StatusRecordWithIdentity`).
 */
export class StatusClient<R extends StatusRecord = StatusRecord> {
  private readonly http: HttpClient;
  private readonly clientId: string;

  constructor(options: StatusClientOptions) {
    this.http = new HttpClient(options);
    this.clientId = options.clientId;
  }

  /** The profile with this refId (your user id); `KycApiError` 404 when there is none. */
  getByRefId(refId: string): Promise<R> {
    return this.http.request("GET", fill(STATUS_API_PATHS.byRefId, { clientId: this.clientId, refId }));
  }

  getByRecordId(recordId: string): Promise<R> {
    return this.http.request("GET", fill(STATUS_API_PATHS.byRecordId, { clientId: this.clientId, recordId }));
  }

  /** One page of applicants, optionally in one status. */
  listApplicants(query: ApplicantsQuery = {}): Promise<ApplicantsPage<R>> {
    const path =
      query.status === undefined
        ? fill(STATUS_API_PATHS.applicants, { clientId: this.clientId })
        : fill(STATUS_API_PATHS.applicantsByStatus, { clientId: this.clientId, status: query.status });
    const search = new URLSearchParams();
    if (query.skip !== undefined) search.set("skip", String(query.skip));
    if (query.limit !== undefined) search.set("limit", String(query.limit));
    const suffix = search.size === 0 ? "" : `?${search.toString()}`;
    return this.http.request("GET", `${path}${suffix}`);
  }

  /** Every applicant (optionally in one status), page after page: `for await (const r of client.applicants())`. */
  async *applicants(query: Omit<ApplicantsQuery, "skip"> = {}): AsyncGenerator<R, void, undefined> {
    const limit = query.limit ?? MAX_PAGE_SIZE;
    for (let skip = 0; ;) {
      const page = await this.listApplicants({ ...query, skip, limit });
      yield* page.records;
      skip += page.records.length;
      if (page.records.length === 0 || skip >= page.total) return;
    }
  }

  /**
   * This service's registry coordinates and refKey salt (managed plans), to check a wallet against
   * one of your refIds on chain: `reader.isIssuedFor(serviceId, wallet, refKeyOf(salt, refId))`.
   */
  onchain(): Promise<OnchainCoordinates> {
    return this.http.request("GET", fill(STATUS_API_PATHS.onchain, { clientId: this.clientId }));
  }

  /** Archives the profile's personal data now (the record and its status stay). */
  archive(refId: string): Promise<ArchiveResult> {
    return this.http.request("POST", fill(STATUS_API_PATHS.archive, { clientId: this.clientId, refId }));
  }
}
