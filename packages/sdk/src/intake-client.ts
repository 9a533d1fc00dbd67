import { HttpClient, type HttpClientOptions } from "./http.js";
import type { Certificate, ProfileSubmission, ProfileSummary } from "./intake-types.js";

export interface IntakeClientOptions extends HttpClientOptions {
  /** The business (service) the profiles belong to. */
  readonly clientId: string;
}

/** The intake API for identity providers, with an `intake` key of the business. */
export class IntakeClient {
  private readonly http: HttpClient;
  private readonly base: string;

  constructor(options: IntakeClientOptions) {
    this.http = new HttpClient(options);
    this.base = `/intake/1.0/${encodeURIComponent(options.clientId)}/profiles`;
  }

  /** Creates the profile, or resubmits a rejected one (its `submitCount` grows). */
  submitProfile(profile: ProfileSubmission): Promise<ProfileSummary> {
    return this.http.request("POST", this.base, profile);
  }

  /** Records certificates; once all the service requires are in, the profile becomes `waiting` for the bots. */
  submitCertificates(refId: string, certificates: readonly Certificate[]): Promise<ProfileSummary> {
    return this.http.request("POST", `${this.base}/${encodeURIComponent(refId)}/certificates`, {
      certificates,
    });
  }
}
