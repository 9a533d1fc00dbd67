import type { ConsoleSession } from "./console-session.js";

export interface ConsoleSessionStore {
  put(session: ConsoleSession): Promise<void>;
  get(tokenHash: string): Promise<ConsoleSession | null>;
  delete(tokenHash: string): Promise<void>;
}

/** A local operator account (the local stack's login; AWS uses Cognito users instead). */
export interface ConsoleUser {
  readonly username: string;
  /** The password's slow hash with its parameters (never the password). */
  readonly passwordHash: string;
  readonly createdAt: string;
}

export interface ConsoleUserStore {
  get(username: string): Promise<ConsoleUser | null>;
  put(user: ConsoleUser): Promise<void>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, passwordHash: string): Promise<boolean>;
}

/** Unguessable tokens (session cookie, CSRF token) and the hash they are stored and looked up by. */
export interface SessionTokens {
  newToken(): string;
  hashOf(token: string): string;
  /**
   * The CSRF token of a session: derived from the session token with a one-way function, so the console
   * API can hand it out again (GET /me) without storing it, and only a reader of the cookie can know it.
   */
  csrfTokenOf(sessionToken: string): string;
}

/** What a verified Cognito ID token says about its holder. */
export interface VerifiedIdentity {
  readonly username: string;
  readonly email: string | null;
  readonly groups: readonly string[];
}

export interface IdTokenVerifier {
  /** Throws when the token is not a valid, unexpired ID token of the console's user pool and app client. */
  verify(idToken: string): Promise<VerifiedIdentity>;
}
