import { CognitoJwtVerifier } from "aws-jwt-verify";
import type { IdTokenVerifier, VerifiedIdentity } from "../../domain/console/ports.js";

/** Verifies Cognito ID tokens of one user pool and app client (signature by the pool's JWKS, expiry, audience). */
export class CognitoIdTokenVerifier implements IdTokenVerifier {
  private readonly verifier;

  constructor(userPoolId: string, clientId: string) {
    this.verifier = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: "id" });
  }

  async verify(idToken: string): Promise<VerifiedIdentity> {
    const payload = await this.verifier.verify(idToken);
    const groups = payload["cognito:groups"];
    const email = payload.email;
    return {
      username: String(payload["cognito:username"] ?? payload.sub),
      email: typeof email === "string" ? email : null,
      groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : [],
    };
  }
}
