import { describe, expect, it } from "@jest/globals";
import { RandomSessionTokens } from "../../../lambdas/adapters/crypto/random-session-tokens.js";
import { ScryptPasswordHasher } from "../../../lambdas/adapters/crypto/scrypt-password-hasher.js";
import type { ConsoleSession } from "../../../lambdas/domain/console/console-session.js";
import type {
  ConsoleSessionStore,
  ConsoleUser,
  IdTokenVerifier,
  VerifiedIdentity,
} from "../../../lambdas/domain/console/ports.js";
import { checkSession } from "../../../lambdas/domain/console/session-check.js";
import { signIn, UNKNOWN_USER_HASH, type SignInDeps } from "../../../lambdas/domain/console/sign-in.js";
import { ConsoleAccessDeniedError } from "../../../lambdas/domain/console/errors.js";
import { UnauthenticatedError } from "../../../lambdas/domain/errors.js";

/** Cheap hashes: the tests check behaviour, not cost. */
const hasher = new ScryptPasswordHasher({ N: 1024, r: 8, p: 1 });
const tokens = new RandomSessionTokens();

class MemorySessions implements ConsoleSessionStore {
  readonly items = new Map<string, ConsoleSession>();
  async put(session: ConsoleSession) {
    this.items.set(session.tokenHash, session);
  }
  async get(tokenHash: string) {
    return this.items.get(tokenHash) ?? null;
  }
  async delete(tokenHash: string) {
    this.items.delete(tokenHash);
  }
}

/** Cognito has no local server: an in-memory verifier stands in for the user pool's JWKS check. */
class FakeIdTokens implements IdTokenVerifier {
  constructor(private readonly tokens: Record<string, VerifiedIdentity>) {}
  async verify(idToken: string) {
    const identity = this.tokens[idToken];
    if (identity === undefined) throw new Error("Token signature invalid");
    return identity;
  }
}

let now = "2026-12-05T09:00:00.000Z";
const clock = { now: () => now };
const unusedKeys = {} as SignInDeps["keys"];

async function depsWith(options: { users?: ConsoleUser[]; idTokens?: IdTokenVerifier } = {}) {
  const sessions = new MemorySessions();
  const users = new Map((options.users ?? []).map((user) => [user.username, user]));
  const deps: SignInDeps = {
    sessions,
    tokens,
    clock,
    keys: unusedKeys,
    ...(options.idTokens === undefined
      ? {
          passwords: { users: { get: async (name) => users.get(name) ?? null, put: async () => {} }, hasher },
        }
      : { idTokens: options.idTokens }),
  };
  return { deps, sessions };
}

describe("console sign-in", () => {
  it("signs a local operator in: stores only the session token's hash, with an 8-hour expiry", async () => {
    const { deps, sessions } = await depsWith({
      users: [{ username: "ana", passwordHash: await hasher.hash("s3cret-pass"), createdAt: now }],
    });
    const signedIn = await signIn(deps, { kind: "operator", username: "ana", password: "s3cret-pass" }, null);
    expect(signedIn.principal).toEqual({ role: "operator", name: "ana" });
    expect(signedIn.csrfToken).toBe(tokens.csrfTokenOf(signedIn.sessionToken));
    const [stored] = [...sessions.items.values()];
    expect(stored).toEqual({
      tokenHash: tokens.hashOf(signedIn.sessionToken),
      principal: { role: "operator", name: "ana" },
      createdAt: now,
      expiresAt: "2026-12-05T17:00:00.000Z",
    });
    expect(JSON.stringify(stored)).not.toContain(signedIn.sessionToken);
  });

  it("answers a wrong password and an unknown user alike (401, nothing stored)", async () => {
    const { deps, sessions } = await depsWith({
      users: [{ username: "ana", passwordHash: await hasher.hash("s3cret-pass"), createdAt: now }],
    });
    for (const request of [
      { kind: "operator" as const, username: "ana", password: "wrong" },
      { kind: "operator" as const, username: "bob", password: "s3cret-pass" },
    ]) {
      await expect(signIn(deps, request, null)).rejects.toThrow(
        new UnauthenticatedError("wrong user name or password"),
      );
    }
    expect(sessions.items.size).toBe(0);
  });

  it("refuses password sign-in where operators use Cognito, and Cognito where there is no user pool", async () => {
    const cognito = await depsWith({ idTokens: new FakeIdTokens({}) });
    await expect(
      signIn(cognito.deps, { kind: "operator", username: "ana", password: "x" }, null),
    ).rejects.toBeInstanceOf(ConsoleAccessDeniedError);
    const local = await depsWith();
    await expect(signIn(local.deps, { kind: "cognito", idToken: "t" }, null)).rejects.toBeInstanceOf(
      ConsoleAccessDeniedError,
    );
  });

  it("signs in a Cognito user of the operators group by e-mail; refuses others and bad tokens", async () => {
    const { deps } = await depsWith({
      idTokens: new FakeIdTokens({
        operator: { username: "u-1", email: "ana@ops.example", groups: ["operators"] },
        outsider: { username: "u-2", email: "bob@example.com", groups: [] },
      }),
    });
    const signedIn = await signIn(deps, { kind: "cognito", idToken: "operator" }, null);
    expect(signedIn.principal).toEqual({ role: "operator", name: "ana@ops.example" });
    await expect(signIn(deps, { kind: "cognito", idToken: "outsider" }, null)).rejects.toThrow(
      "only members of the operators group may sign in",
    );
    await expect(signIn(deps, { kind: "cognito", idToken: "forged" }, null)).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
  });

  it("verifies a malformed stored hash as a mismatch, never as a match", async () => {
    expect(await hasher.verify("anything", "not-a-hash")).toBe(false);
    expect(await hasher.verify("anything", UNKNOWN_USER_HASH)).toBe(false);
    expect(await hasher.verify("pw", await hasher.hash("pw"))).toBe(true);
  });
});

describe("the console session check", () => {
  it("allows reads with the cookie, changes only with the CSRF token, and nothing once expired", async () => {
    const { deps, sessions } = await depsWith({
      users: [{ username: "ana", passwordHash: await hasher.hash("pw-pw-pw"), createdAt: now }],
    });
    const { sessionToken, csrfToken } = await signIn(
      deps,
      { kind: "operator", username: "ana", password: "pw-pw-pw" },
      null,
    );
    const check = (request: { sessionToken: string | null; csrfToken: string | null; method: string }) =>
      checkSession({ sessions, tokens, clock }, request);
    expect(await check({ sessionToken, csrfToken: null, method: "GET" })).toMatchObject({ outcome: "allow" });
    expect(await check({ sessionToken, csrfToken: null, method: "POST" })).toMatchObject({ outcome: "csrf" });
    expect(await check({ sessionToken, csrfToken: "guess", method: "DELETE" })).toMatchObject({
      outcome: "csrf",
    });
    expect(await check({ sessionToken, csrfToken, method: "POST" })).toMatchObject({ outcome: "allow" });
    expect(await check({ sessionToken: null, csrfToken, method: "GET" })).toEqual({
      outcome: "unauthenticated",
      reason: "missing",
    });
    expect(await check({ sessionToken: tokens.newToken(), csrfToken: null, method: "GET" })).toEqual({
      outcome: "unauthenticated",
      reason: "unknown",
    });
    now = "2026-12-05T17:00:00.000Z";
    expect(await check({ sessionToken, csrfToken, method: "GET" })).toEqual({
      outcome: "unauthenticated",
      reason: "expired",
    });
  });
});
