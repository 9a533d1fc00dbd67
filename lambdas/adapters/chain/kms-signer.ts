import {
  GetPublicKeyCommand,
  SignCommand,
  type GetPublicKeyCommandOutput,
  type SignCommandOutput,
} from "@aws-sdk/client-kms";
import { Signature, SigningKey, computeAddress, getBytes, hexlify, toBeHex } from "ethers";
import { parseDerSignature, parseSecp256k1PublicKey } from "./der.js";
import type { ChainSigner } from "./signer.js";

/** The two KMS calls the signer makes (a `KMSClient` satisfies it; tests pass an in-memory fake). */
export interface KmsSigningClient {
  send(command: GetPublicKeyCommand): Promise<GetPublicKeyCommandOutput>;
  send(command: SignCommand): Promise<SignCommandOutput>;
}

/** secp256k1 group order. */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_ORDER = CURVE_ORDER >> 1n;

export class KmsSignatureError extends Error {
  override readonly name = "KmsSignatureError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, context: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.context = context;
  }
}

/**
 * Signs with an AWS KMS asymmetric key of spec ECC_SECG_P256K1 (the private key never leaves KMS).
 * KMS returns DER `(r, s)` with either s; Ethereum needs the low s (EIP-2) and the recovery bit, which
 * KMS does not give: it is found by recovering the public key for both parities.
 */
export class KmsSigner implements ChainSigner {
  private address: Promise<string> | null = null;

  constructor(
    private readonly kms: KmsSigningClient,
    private readonly keyId: string,
  ) {}

  getAddress(): Promise<string> {
    this.address ??= this.loadAddress().catch((error: unknown) => {
      this.address = null;
      throw error;
    });
    return this.address;
  }

  async signDigest(digest: string): Promise<Signature> {
    const digestBytes = getBytes(digest);
    if (digestBytes.length !== 32)
      throw new KmsSignatureError("a digest is 32 bytes", { length: digestBytes.length });
    const [address, output] = await Promise.all([
      this.getAddress(),
      this.kms.send(
        new SignCommand({
          KeyId: this.keyId,
          Message: digestBytes,
          MessageType: "DIGEST",
          SigningAlgorithm: "ECDSA_SHA_256",
        }),
      ),
    ]);
    if (output.Signature === undefined)
      throw new KmsSignatureError("KMS returned no signature", { keyId: this.keyId });
    const { r, s: rawS } = parseDerSignature(output.Signature);
    const s = rawS > HALF_ORDER ? CURVE_ORDER - rawS : rawS;
    for (const yParity of [0, 1] as const) {
      const signature = Signature.from({ r: toBeHex(r, 32), s: toBeHex(s, 32), yParity });
      if (computeAddress(SigningKey.recoverPublicKey(digestBytes, signature)) === address) return signature;
    }
    throw new KmsSignatureError("the KMS signature does not recover to the key's address", {
      keyId: this.keyId,
      address,
    });
  }

  private async loadAddress(): Promise<string> {
    const output = await this.kms.send(new GetPublicKeyCommand({ KeyId: this.keyId }));
    if (output.PublicKey === undefined)
      throw new KmsSignatureError("KMS returned no public key", { keyId: this.keyId });
    if (output.KeySpec !== undefined && output.KeySpec !== "ECC_SECG_P256K1") {
      throw new KmsSignatureError("the KMS key spec must be ECC_SECG_P256K1", {
        keyId: this.keyId,
        keySpec: output.KeySpec,
      });
    }
    return computeAddress(hexlify(parseSecp256k1PublicKey(output.PublicKey)));
  }
}
