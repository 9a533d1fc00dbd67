import { createHmac } from "node:crypto";
import { secretBytes } from "../../shared/secret-value.js";

export const MIN_REFKEY_PEPPER_BYTES = 32;

export class RefKeyPepperError extends Error {
  override readonly name = "RefKeyPepperError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, context: Record<string, unknown> = {}) {
    super(message);
    this.context = context;
  }
}

/**
 * The per-service salt of `refKey = keccak256(abi.encode(serviceSalt, refId))`, derived as
 * HMAC-SHA-256(pepper, "refkey-salt:" + clientId): nothing to store, never on chain, and without the
 * pepper nobody can test a guessed refId against a flag. Rotating the pepper changes every refKey, so
 * it is a re-attestation of every approved wallet (see docs/chain-pipeline.md, "Operating it").
 */
export class RefKeySalt {
  private readonly pepper: Buffer;

  constructor(pepper: Buffer) {
    if (pepper.length < MIN_REFKEY_PEPPER_BYTES) {
      throw new RefKeyPepperError(`the refKey pepper must be at least ${MIN_REFKEY_PEPPER_BYTES} bytes`, {
        length: pepper.length,
      });
    }
    this.pepper = Buffer.from(pepper);
  }

  /** Reads the pepper from a secret string: `base64:<...>`, `hex:<...>`, or raw UTF-8 text. */
  static fromSecret(secret: string | undefined): RefKeySalt {
    if (secret === undefined || secret === "")
      throw new RefKeyPepperError("no refKey pepper configured (REFKEY_PEPPER)");
    return new RefKeySalt(secretBytes(secret));
  }

  /** bytes32 hex salt of a service. */
  saltOf(clientId: string): string {
    return `0x${createHmac("sha256", this.pepper).update(`refkey-salt:${clientId}`, "utf8").digest("hex")}`;
  }
}
