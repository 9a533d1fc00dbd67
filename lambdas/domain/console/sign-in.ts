import { authorizeRequest, type AuthorizeDeps } from "../api-keys/authorize.js";
import { UnauthenticatedError } from "../errors.js";
import type { Clock } from "../ports.js";
import type { ConsolePrincipal } from "./console-principal.js";
import { sessionExpiryAt, type ConsoleSession } from "./console-session.js";
import { ConsoleAccessDeniedError } from "./errors.js";
import type {
  ConsoleSessionStore,
  ConsoleUserStore,
  IdTokenVerifier,
  PasswordHasher,
  SessionTokens,
} from "./ports.js";

/** The Cognito group whose members may sign in as operators. */
export const OPERATORS_GROUP = "operators";

export type SignInRequest =
  | { kind: "operator"; username: string; password: string }
  | { kind: "cognito"; idToken: string }
  | { kind: "customer"; clientId: string; apiKey: string };

export interface SignInDeps {
  sessions: ConsoleSessionStore;
  tokens: SessionTokens;
  clock: Clock;
  /** Local operator accounts; absent where operators sign in with Cognito (AWS). */
  passwords?: { users: ConsoleUserStore; hasher: PasswordHasher };
  /** Cognito ID tokens; absent where there is no user pool (the local stack). */
  idTokens?: IdTokenVerifier;
  /** The business API's key check: a customer signs in with a review key of its service. */
  keys: AuthorizeDeps;
}

export interface SignedIn {
  principal: ConsolePrincipal;
  /** The session cookie's value (only its hash is stored). */
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
}

const WRONG_PASSWORD = "wrong user name or password";

/**
 * Checks the credentials, then stores a new session. Operators: a local password (the local stack)
 * or a Cognito ID token of the `operators` group (AWS, where the user pool enforces MFA). Customers:
 * a `review`-scope API key of their payg or self-managed service, checked exactly as the business
 * API's authorizer checks it (with its failed-attempt lockout).
 */
export async function signIn(
  deps: SignInDeps,
  request: SignInRequest,
  sourceIp: string | null,
): Promise<SignedIn> {
  const principal = await principalOf(deps, request, sourceIp);
  const sessionToken = deps.tokens.newToken();
  const csrfToken = deps.tokens.csrfTokenOf(sessionToken);
  const now = deps.clock.now();
  const session: ConsoleSession = {
    tokenHash: deps.tokens.hashOf(sessionToken),
    principal,
    createdAt: now,
    expiresAt: sessionExpiryAt(now),
  };
  await deps.sessions.put(session);
  return { principal, sessionToken, csrfToken, expiresAt: session.expiresAt };
}

async function principalOf(
  deps: SignInDeps,
  request: SignInRequest,
  sourceIp: string | null,
): Promise<ConsolePrincipal> {
  switch (request.kind) {
    case "operator": {
      if (deps.passwords === undefined) {
        throw new ConsoleAccessDeniedError("operators sign in with the Cognito user pool here");
      }
      const user = await deps.passwords.users.get(request.username);
      // A missing user costs the same hash as a wrong password, so timing does not tell them apart.
      const matches = await deps.passwords.hasher.verify(
        request.password,
        user?.passwordHash ?? UNKNOWN_USER_HASH,
      );
      if (user === null || !matches) throw new UnauthenticatedError(WRONG_PASSWORD);
      return { role: "operator", name: user.username };
    }
    case "cognito": {
      if (deps.idTokens === undefined) {
        throw new ConsoleAccessDeniedError("Cognito sign-in is not configured here: use the local login");
      }
      let identity;
      try {
        identity = await deps.idTokens.verify(request.idToken);
      } catch (cause) {
        throw new UnauthenticatedError("the sign-in token is not valid or has expired", { cause });
      }
      if (!identity.groups.includes(OPERATORS_GROUP)) {
        throw new ConsoleAccessDeniedError(`only members of the ${OPERATORS_GROUP} group may sign in`);
      }
      return { role: "operator", name: identity.email ?? identity.username };
    }
    case "customer": {
      const decision = await authorizeRequest(deps.keys, {
        authorization: request.apiKey,
        sourceIp,
        route: { scope: "review", clientId: request.clientId },
      });
      if (decision.outcome === "unauthorized") {
        throw new UnauthenticatedError("that API key is not valid (revoked, expired or mistyped?)");
      }
      if (decision.outcome === "deny") {
        throw new ConsoleAccessDeniedError(
          decision.reason === "other-service"
            ? "that API key belongs to another service"
            : "that API key has no review scope (create one with `kyc-ops keys create --scope review`)",
        );
      }
      return { role: "customer", name: decision.principal.keyId, clientId: decision.principal.clientId };
    }
  }
}

/** A well-formed hash no password matches, verified when the user does not exist. */
export const UNKNOWN_USER_HASH =
  "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
