import { CONSOLE_SESSION_COOKIE, CSRF_HEADER } from "./console-schemas.js";

/** Where the console is served: the cookie is sent to the app and its API only. */
const COOKIE_PATH = "/console";

/** The session cookie's value from a `Cookie` header (API Gateway may split it into several values). */
export function sessionTokenOf(
  headers: Readonly<Record<string, string | undefined>> | null | undefined,
): string | null {
  const cookieHeader = headerOf(headers, "cookie");
  if (cookieHeader === null) return null;
  for (const part of cookieHeader.split(";")) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    if (part.slice(0, at).trim() === CONSOLE_SESSION_COOKIE) {
      const value = part.slice(at + 1).trim();
      return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : null;
    }
  }
  return null;
}

export function csrfTokenOf(
  headers: Readonly<Record<string, string | undefined>> | null | undefined,
): string | null {
  return headerOf(headers, CSRF_HEADER.toLowerCase());
}

/** `Set-Cookie` for a new session: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${CONSOLE_SESSION_COOKIE}=${token}`,
    `Path=${COOKIE_PATH}`,
    `Max-Age=${maxAgeSeconds}`,
    "HttpOnly",
    "SameSite=Strict",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie("", 0, secure).replace(
    `${CONSOLE_SESSION_COOKIE}=;`,
    `${CONSOLE_SESSION_COOKIE}=deleted;`,
  );
}

function headerOf(
  headers: Readonly<Record<string, string | undefined>> | null | undefined,
  name: string,
): string | null {
  if (headers === null || headers === undefined) return null;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && typeof value === "string" && value !== "") return value;
  }
  return null;
}
