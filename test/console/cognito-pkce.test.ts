import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "@jest/globals";
import {
  authorizeUrl,
  base64Url,
  codeChallengeOf,
  CognitoCallbackError,
  createCodeVerifier,
  exchangeCode,
  type KeyValueStore,
} from "../../console/src/auth/cognito.js";

function memoryStore(): KeyValueStore & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe("console PKCE helpers", () => {
  it("base64url has no padding and uses the URL alphabet", () => {
    expect(base64Url(new Uint8Array([251, 255, 191]))).toBe("-_-_");
    expect(base64Url(new Uint8Array([1]))).toBe("AQ");
  });

  it("the RFC 7636 appendix B example verifier gives its challenge", async () => {
    await expect(codeChallengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).resolves.toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("verifiers have the asked length, only unreserved characters, and differ", () => {
    const verifiers = Array.from({ length: 50 }, () => createCodeVerifier());
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{64}$/);
    expect(new Set(verifiers).size).toBe(50);
    expect(createCodeVerifier(43)).toHaveLength(43);
    expect(() => createCodeVerifier(42)).toThrow(RangeError);
    expect(() => createCodeVerifier(129)).toThrow(RangeError);
  });

  it("the authorize URL carries the S256 challenge of the stored verifier and the stored state", async () => {
    const store = memoryStore();
    const url = new URL(
      await authorizeUrl(
        {
          domain: "https://ops.auth.example.com",
          clientId: "abc",
          redirectUri: "https://c.example/console/auth/callback",
        },
        store,
      ),
    );
    expect(url.origin + url.pathname).toBe("https://ops.auth.example.com/oauth2/authorize");
    const verifier = store.items.get("kyc-console.pkce-verifier") ?? "";
    const expected = createHash("sha256").update(verifier).digest("base64url");
    expect(url.searchParams.get("code_challenge")).toBe(expected);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBe(store.items.get("kyc-console.pkce-state"));
    expect(url.searchParams.get("response_type")).toBe("code");
    expect(url.searchParams.get("redirect_uri")).toBe("https://c.example/console/auth/callback");
  });

  it("exchanges the code with the verifier at /oauth2/token and answers the ID token, once", async () => {
    const bodies: string[] = [];
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        bodies.push(`${request.url} ${body}`);
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ id_token: "the-id-token", access_token: "x" }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const settings = {
        domain: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        clientId: "abc",
        redirectUri: "http://localhost/console/auth/callback",
      };
      const store = memoryStore();
      const state = new URL(await authorizeUrl(settings, store)).searchParams.get("state") ?? "";
      const verifier = store.items.get("kyc-console.pkce-verifier") ?? "";
      await expect(exchangeCode(settings, `?code=the-code&state=${state}`, store)).resolves.toBe(
        "the-id-token",
      );
      const [path, body] = (bodies[0] ?? "").split(" ");
      expect(path).toBe("/oauth2/token");
      const form = new URLSearchParams(body);
      expect(form.get("grant_type")).toBe("authorization_code");
      expect(form.get("code")).toBe("the-code");
      expect(form.get("code_verifier")).toBe(verifier);
      expect(form.get("client_id")).toBe("abc");
      // Single use: the same callback again finds no verifier.
      await expect(exchangeCode(settings, `?code=the-code&state=${state}`, store)).rejects.toThrow(
        CognitoCallbackError,
      );
      expect(bodies).toHaveLength(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("refuses a callback whose state was not issued here, and reports a refused sign-in", async () => {
    const settings = { domain: "http://127.0.0.1:9", clientId: "abc", redirectUri: "http://localhost/cb" };
    const store = memoryStore();
    await authorizeUrl(settings, store);
    await expect(exchangeCode(settings, "?code=c&state=forged", store)).rejects.toThrow(/does not match/);
    await expect(
      exchangeCode(settings, "?error=access_denied&error_description=nope", memoryStore()),
    ).rejects.toThrow(/refused: nope/);
  });
});
