import { SigningKey, computeAddress, type Signature } from "ethers";
import type { ChainSigner } from "./signer.js";

/** Signs with a private key held in memory: a Hardhat account on the local stack and in tests. */
export class PrivateKeySigner implements ChainSigner {
  private readonly key: SigningKey;
  private readonly address: string;

  constructor(privateKey: string) {
    this.key = new SigningKey(privateKey);
    this.address = computeAddress(this.key.publicKey);
  }

  async getAddress(): Promise<string> {
    return this.address;
  }

  async signDigest(digest: string): Promise<Signature> {
    // ethers signs deterministically (RFC 6979) and always returns low-s.
    return this.key.sign(digest);
  }
}
