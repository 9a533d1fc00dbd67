// Operator sign-in on AWS: the Cognito hosted UI with the authorization-code flow and PKCE (RFC 7636).
// The app keeps the verifier and state in session storage between the redirect and the callback,
// exchanges the code for tokens at the domain's /oauth2/token and hands the ID token to POST /session.
// No DOM types here (storage and fetch are passed in), so the helpers are unit-tested under Node.

export interface CognitoSettings {
  /** e.g. https://kyc-ops.auth.eu-west-1.amazoncognito.com */
  domain: string;
  clientId: string;
  redirectUri: string;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const VERIFIER_KEY = "kyc-console.pkce-verifier";
const STATE_KEY = "kyc-console.pkce-state";
const VERIFIER_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/** base64url without padding (RFC 4648 §5), as PKCE and OAuth state use it. */
export function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A code verifier: 64 characters of the unreserved set (RFC 7636 §4.1 allows 43-128). */
export function createCodeVerifier(length = 64): string {
  if (length < 43 || length > 128) throw new RangeError("a PKCE verifier has 43 to 128 characters");
  // Bytes at or above the largest multiple of 66 are dropped so that every character is equally likely.
  const limit = 256 - (256 % VERIFIER_CHARS.length);
  let verifier = "";
  while (verifier.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length))) {
      if (byte < limit && verifier.length < length) verifier += VERIFIER_CHARS[byte % VERIFIER_CHARS.length];
    }
  }
  return verifier;
}

/** The S256 challenge: base64url(SHA-256(verifier)). */
export async function codeChallengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** Builds the hosted-UI authorize URL and remembers the verifier and state for the callback. */
export async function authorizeUrl(settings: CognitoSettings, store: KeyValueStore): Promise<string> {
  const verifier = createCodeVerifier();
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  store.setItem(VERIFIER_KEY, verifier);
  store.setItem(STATE_KEY, state);
  const url = new URL("/oauth2/authorize", settings.domain);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: settings.clientId,
    redirect_uri: settings.redirectUri,
    scope: "openid email profile",
    state,
    code_challenge: await codeChallengeOf(verifier),
    code_challenge_method: "S256",
  }).toString();
  return url.toString();
}

export class CognitoCallbackError extends Error {}

/**
 * Checks the callback's state, exchanges the code with the stored verifier and answers the ID token.
 * The verifier and state are single use: they are removed whatever the outcome.
 */
export async function exchangeCode(
  settings: CognitoSettings,
  callbackSearch: string,
  store: KeyValueStore,
  fetchFn: typeof fetch = fetch,
): Promise<string> {
  const params = new URLSearchParams(callbackSearch);
  const verifier = store.getItem(VERIFIER_KEY);
  const expectedState = store.getItem(STATE_KEY);
  store.removeItem(VERIFIER_KEY);
  store.removeItem(STATE_KEY);
  const error = params.get("error");
  if (error !== null)
    throw new CognitoCallbackError(`sign-in was refused: ${params.get("error_description") ?? error}`);
  const code = params.get("code");
  if (code === null) throw new CognitoCallbackError("the sign-in callback has no code");
  if (verifier === null || expectedState === null || params.get("state") !== expectedState) {
    throw new CognitoCallbackError("the sign-in callback does not match a sign-in started here: start again");
  }
  const response = await fetchFn(new URL("/oauth2/token", settings.domain).toString(), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: settings.clientId,
      redirect_uri: settings.redirectUri,
      code,
      code_verifier: verifier,
    }).toString(),
  });
  if (!response.ok) throw new CognitoCallbackError(`the token exchange failed (${response.status})`);
  const tokens = (await response.json()) as { id_token?: unknown };
  if (typeof tokens.id_token !== "string") throw new CognitoCallbackError("the token answer has no ID token");
  return tokens.id_token;
}
