import { createHmac } from "node:crypto";
import { secretBytes } from "../../shared/secret-value.js";
import type { IdentifierHasher } from "../../domain/ports.js";

/** A pepper shorter than this would make the keyed hashes brute-forceable. */
export const MIN_PEPPER_BYTES = 32;

export class PepperError extends Error {
  override readonly name = "PepperError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, context: Record<string, unknown> = {}) {
    super(message);
    this.context = context;
  }
}

/**
 * Keyed hash of identifier keys (`passport:<CC>:<NUMBER>`, `wallet:<0x..>`): HMAC-SHA-256 with a
 * secret pepper, lower-case hex. Without the pepper the index cannot be reversed by hashing
 * every plausible passport number.
 */
export class HmacIdentifierHasher implements IdentifierHasher {
  private readonly pepper: Buffer;

  constructor(pepper: Buffer) {
    if (pepper.length < MIN_PEPPER_BYTES) {
      throw new PepperError(`the identifier pepper must be at least ${MIN_PEPPER_BYTES} bytes`, {
        length: pepper.length,
      });
    }
    this.pepper = Buffer.from(pepper);
  }

  /** Reads the pepper from a secret string: `base64:<...>`, `hex:<...>`, or raw UTF-8 text. */
  static fromSecret(secret: string | undefined): HmacIdentifierHasher {
    if (secret === undefined || secret === "") {
      throw new PepperError("no identifier pepper configured (IDENTIFIER_PEPPER)");
    }
    return new HmacIdentifierHasher(secretBytes(secret));
  }

  hash(identifierKey: string): string {
    return createHmac("sha256", this.pepper).update(identifierKey, "utf8").digest("hex");
  }
}
