import type { Clock } from "../ports.js";
import type { ConsolePrincipal } from "./console-principal.js";
import { isLiveSession } from "./console-session.js";
import type { ConsoleSessionStore, SessionTokens } from "./ports.js";

export type SessionCheck =
  | { outcome: "allow"; principal: ConsolePrincipal }
  /** No cookie, an unknown or expired session: sign in again (401). */
  | { outcome: "unauthenticated"; reason: "missing" | "unknown" | "expired" }
  /** A live session without the CSRF token a change needs (403). */
  | { outcome: "csrf"; principal: ConsolePrincipal };

/** Methods that change nothing; every other method must carry the session's CSRF token. */
const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The console authorizer's decision. The cookie is SameSite=Strict, so other sites' pages do not send
 * it; the CSRF token (returned at sign-in, sent back as a header a cross-site form cannot set) guards
 * changes even if a same-site page were compromised.
 */
export async function checkSession(
  deps: { sessions: ConsoleSessionStore; tokens: SessionTokens; clock: Clock },
  request: { sessionToken: string | null; csrfToken: string | null; method: string },
): Promise<SessionCheck> {
  if (request.sessionToken === null) return { outcome: "unauthenticated", reason: "missing" };
  const session = await deps.sessions.get(deps.tokens.hashOf(request.sessionToken));
  if (session === null) return { outcome: "unauthenticated", reason: "unknown" };
  if (!isLiveSession(session, deps.clock.now())) return { outcome: "unauthenticated", reason: "expired" };
  if (!SAFE_METHODS.has(request.method.toUpperCase())) {
    if (request.csrfToken === null || request.csrfToken !== deps.tokens.csrfTokenOf(request.sessionToken)) {
      return { outcome: "csrf", principal: session.principal };
    }
  }
  return { outcome: "allow", principal: session.principal };
}
