import type { ConsolePrincipal } from "./console-principal.js";

/** A working day: an operator signs in once per shift. */
export const SESSION_LIFETIME_SECONDS = 8 * 60 * 60;

/**
 * A signed-in console session as stored. Only the hash of the session token (the cookie) is kept, so a
 * copy of the table cannot be replayed as a session.
 */
export interface ConsoleSession {
  readonly tokenHash: string;
  readonly principal: ConsolePrincipal;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export function isLiveSession(session: ConsoleSession, now: string): boolean {
  return Date.parse(session.expiresAt) > Date.parse(now);
}

export function sessionExpiryAt(now: string): string {
  return new Date(Date.parse(now) + SESSION_LIFETIME_SECONDS * 1000).toISOString();
}
