import { KycApiError, KycNetworkError, KycRateLimitError, KycTimeoutError } from "./errors.js";

/** The part of a `fetch` response the SDK reads. */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** A `fetch` implementation (the global one by default); injectable for proxies or instrumentation. */
export type FetchLike = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
  },
) => Promise<FetchResponseLike>;

export interface HttpClientOptions {
  /** The API's base URL, e.g. `https://kyc.example.com` (no trailing path needed). */
  readonly baseUrl: string;
  /** The API key (sent as `Authorization: <key>`). */
  readonly apiKey: string;
  /** Per-attempt timeout in milliseconds (default 10 000). */
  readonly timeoutMs?: number;
  /** How often a 429 is retried before `KycRateLimitError` is thrown (default 3). */
  readonly maxRetries?: number;
  /** The longest wait between retries, whatever `Retry-After` says (default 30 000 ms). */
  readonly maxRetryDelayMs?: number;
  readonly fetch?: FetchLike;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;

/** `Retry-After` as seconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === "") return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** JSON over HTTP with the API key, a timeout per attempt and 429 back-off honouring `Retry-After`. */
export class HttpClient {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryDelayMs: number;
  private readonly fetchImpl: FetchLike;

  constructor(options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
    this.fetchImpl = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  }

  /** Sends the request and answers the `data` of a `{ status: "success", data }` body. */
  async request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    for (let attempt = 0; ; attempt += 1) {
      const response = await this.send(method, url, body);
      if (response.status === 429) {
        const hint = retryAfterSeconds(response.headers.get("retry-after"));
        if (attempt >= this.maxRetries) {
          throw new KycRateLimitError(
            `rate limited by ${new URL(url).host} after ${attempt + 1} attempts`,
            hint,
          );
        }
        // Without a hint: 1 s, 2 s, 4 s, ... The hint is a minimum, so it is honoured up to the cap.
        const delayMs = hint === null ? 1000 * 2 ** attempt : hint * 1000;
        await sleep(Math.min(delayMs, this.maxRetryDelayMs));
        continue;
      }
      return this.parse<T>(response, await response.text());
    }
  }

  private async send(method: string, url: string, body: unknown): Promise<FetchResponseLike> {
    const headers: Record<string, string> = { Authorization: this.apiKey, Accept: "application/json" };
    const signal = AbortSignal.timeout(this.timeoutMs);
    const init: Parameters<FetchLike>[1] = { method, headers, signal };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    try {
      return await this.fetchImpl(url, init);
    } catch (error) {
      // The signal, not the error's class: fetch implementations (and realms) throw different ones.
      if (signal.aborted) {
        throw new KycTimeoutError(url, this.timeoutMs);
      }
      throw new KycNetworkError(url, error);
    }
  }

  private parse<T>(response: FetchResponseLike, text: string): T {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new KycApiError(
        response.status,
        response.status,
        `HTTP ${response.status}: the body is not JSON`,
        {
          cause,
        },
      );
    }
    const envelope = parsed as { status?: unknown; data?: unknown; code?: unknown; message?: unknown };
    if (response.status >= 200 && response.status < 300 && envelope.status === "success") {
      return envelope.data as T;
    }
    const message = typeof envelope.message === "string" ? envelope.message : `HTTP ${response.status}`;
    const code = typeof envelope.code === "number" ? envelope.code : response.status;
    throw new KycApiError(response.status, code, message);
  }
}
