// The one way the app talks to its API: same origin, JSON, the CSRF token on every non-GET request, and
// the error envelope turned into a typed ConsoleApiError. A 401 tells the session to show the sign-in page.

export class ConsoleApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "ConsoleApiError";
  }
}

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on every 401 (not signed in or session expired), except while signing in. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

type Envelope<T> = { status: "success"; data: T } | { status: "error"; code: number; message: string };

export const API_BASE = "/console/api";

export async function api<T>(
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
  options: { signal?: AbortSignal; quiet401?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken !== null) headers["x-csrf-token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ConsoleApiError(0, "The console API cannot be reached. Check the connection and retry.");
  }
  // A proxy or a crash may answer something other than the envelope: read it as "no envelope".
  const envelope = (await response.json().catch(() => null)) as Envelope<T> | null;
  if (response.ok && envelope?.status === "success") return envelope.data;
  const message =
    envelope?.status === "error" ? envelope.message : `The console API answered ${response.status}.`;
  if (response.status === 401 && options.quiet401 !== true) onUnauthorized();
  throw new ConsoleApiError(response.status, message);
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>("GET", path, undefined, { signal });
export const post = <T>(path: string, body: unknown = {}) => api<T>("POST", path, body);

/** Builds a query string from the defined values only. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}

export const enc = encodeURIComponent;
