import { createPrivateKey, createPublicKey } from "node:crypto";
import type { SignCommand } from "@aws-sdk/client-kms";
import {
  GetPublicKeyCommand,
  type GetPublicKeyCommandOutput,
  type SignCommandOutput,
} from "@aws-sdk/client-kms";
import { SigningKey, Wallet, getBytes } from "ethers";
import type { KmsSigningClient } from "../../../../lambdas/adapters/chain/kms-signer.js";

const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * An in-memory stand-in for the two AWS KMS calls the signer makes, backed by a real secp256k1 key.
 * Like KMS it answers GetPublicKey with a DER SubjectPublicKeyInfo and Sign (MessageType DIGEST,
 * ECDSA_SHA_256) with a DER signature whose `s` may be high: every other signature is returned in its
 * high-s form, and no recovery bit is given.
 */
export class InMemoryKms implements KmsSigningClient {
  readonly key: SigningKey;
  readonly keyId = "arn:aws:kms:us-east-1:000000000000:key/chain-signer";
  signCalls = 0;
  highSReturned = 0;

  constructor(privateKey: string = Wallet.createRandom().privateKey) {
    this.key = new SigningKey(privateKey);
  }

  get address(): string {
    return new Wallet(this.key.privateKey).address;
  }

  send(command: GetPublicKeyCommand): Promise<GetPublicKeyCommandOutput>;
  send(command: SignCommand): Promise<SignCommandOutput>;
  async send(
    command: GetPublicKeyCommand | SignCommand,
  ): Promise<GetPublicKeyCommandOutput | SignCommandOutput> {
    if (command.input.KeyId !== this.keyId) throw new Error(`NotFoundException: key ${command.input.KeyId}`);
    if (command instanceof GetPublicKeyCommand) {
      return { $metadata: {}, KeyId: this.keyId, KeySpec: "ECC_SECG_P256K1", PublicKey: this.spki() };
    }
    const { Message: message, MessageType: type, SigningAlgorithm: algorithm } = command.input;
    if (type !== "DIGEST" || algorithm !== "ECDSA_SHA_256" || message?.length !== 32) {
      throw new Error("ValidationException: expected a 32-byte DIGEST with ECDSA_SHA_256");
    }
    this.signCalls += 1;
    const signature = this.key.sign(message);
    let s = BigInt(signature.s);
    if (this.signCalls % 2 === 0) {
      s = CURVE_ORDER - s;
      this.highSReturned += 1;
    }
    return { $metadata: {}, KeyId: this.keyId, Signature: derSignature(BigInt(signature.r), s) };
  }

  private spki(): Uint8Array {
    const point = getBytes(this.key.publicKey);
    const jwk = {
      kty: "EC",
      crv: "secp256k1",
      d: Buffer.from(getBytes(this.key.privateKey)).toString("base64url"),
      x: Buffer.from(point.subarray(1, 33)).toString("base64url"),
      y: Buffer.from(point.subarray(33, 65)).toString("base64url"),
    };
    const publicKey = createPublicKey(createPrivateKey({ key: jwk, format: "jwk" }));
    return new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
  }
}

function derInteger(value: bigint): Buffer {
  let bytes = Buffer.from(value.toString(16).padStart(64, "0"), "hex");
  while (bytes.length > 1 && bytes[0] === 0 && ((bytes[1] ?? 0) & 0x80) === 0) bytes = bytes.subarray(1);
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.of(0), bytes]);
  return Buffer.concat([Buffer.of(0x02, bytes.length), bytes]);
}

export function derSignature(r: bigint, s: bigint): Uint8Array {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return new Uint8Array(Buffer.concat([Buffer.of(0x30, body.length), body]));
}
