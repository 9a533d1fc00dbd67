import { createHash, randomBytes } from "node:crypto";
import type { SessionTokens } from "../../domain/console/ports.js";

/** 256-bit random tokens; stored and looked up by their SHA-256. */
export class RandomSessionTokens implements SessionTokens {
  newToken(): string {
    return randomBytes(32).toString("base64url");
  }

  hashOf(token: string): string {
    return createHash("sha256").update(token).digest("hex");
  }

  csrfTokenOf(sessionToken: string): string {
    // Domain-separated from hashOf: the stored session hash never equals a CSRF token.
    return createHash("sha256").update(`kyc-attest-console-csrf:${sessionToken}`).digest("base64url");
  }
}
