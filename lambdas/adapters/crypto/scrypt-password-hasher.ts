import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import type { PasswordHasher } from "../../domain/console/ports.js";

const KEY_LENGTH = 64;
const SALT_BYTES = 16;
/**
 * Local operator accounts only (AWS operators sign in with Cognito): N=2^15 (32 MiB) keeps a sign-in near
 * 100 ms on a laptop; raise it for any account reachable beyond loopback (the cost is stored per hash).
 */
const DEFAULT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/**
 * Passwords hashed with scrypt (node:crypto, no native dependency), stored as
 * `scrypt$N$r$p$<salt>$<hash>` (base64url) so the cost can be raised without invalidating old hashes.
 */
export class ScryptPasswordHasher implements PasswordHasher {
  constructor(private readonly cost: { N: number; r: number; p: number } = DEFAULT_COST) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(password, salt, this.cost);
    const { N, r, p } = this.cost;
    return ["scrypt", N, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
  }

  async verify(password: string, passwordHash: string): Promise<boolean> {
    const parts = passwordHash.split("$");
    if (parts.length !== 6 || parts[0] !== "scrypt") return false;
    const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
    if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0) || N > 2 ** 20) return false;
    const expected = Buffer.from(parts[5]!, "base64url");
    const key = await derive(password, Buffer.from(parts[4]!, "base64url"), { N, r, p });
    return expected.length === key.length && timingSafeEqual(expected, key);
  }
}
