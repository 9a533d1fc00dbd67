import { Transaction, Wallet, keccak256, recoverAddress, toUtf8Bytes } from "ethers";
import {
  DerFormatError,
  parseDerSignature,
  parseSecp256k1PublicKey,
} from "../../../lambdas/adapters/chain/der.js";
import { KmsSigner } from "../../../lambdas/adapters/chain/kms-signer.js";
import { PrivateKeySigner } from "../../../lambdas/adapters/chain/private-key-signer.js";
import { signTransaction } from "../../../lambdas/adapters/chain/signer.js";
import { InMemoryKms, derSignature } from "./support/in-memory-kms.js";

const HALF_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n >> 1n;

describe("KMS signer", () => {
  it("derives the Ethereum address from the KMS public key", async () => {
    const kms = new InMemoryKms();
    expect(await new KmsSigner(kms, kms.keyId).getAddress()).toBe(kms.address);
  });

  it("signatures recover to the key's address, with low s, whatever s KMS returned", async () => {
    const kms = new InMemoryKms();
    const signer = new KmsSigner(kms, kms.keyId);
    const parities = new Set<number>();
    for (let i = 0; i < 16; i += 1) {
      const digest = keccak256(toUtf8Bytes(`message ${i}`));
      const signature = await signer.signDigest(digest);
      expect(BigInt(signature.s) <= HALF_ORDER).toBe(true);
      expect(recoverAddress(digest, signature)).toBe(kms.address);
      parities.add(signature.yParity);
    }
    expect(kms.highSReturned).toBe(8);
    // Both recovery bits occur, so v is really found by recovery, not assumed.
    expect(parities).toEqual(new Set([0, 1]));
  });

  it("signs transactions exactly like the private key itself would (same bytes, same sender)", async () => {
    const kms = new InMemoryKms();
    const request = {
      chainId: 31337n,
      nonce: 7,
      to: Wallet.createRandom().address,
      data: "0x1234",
      gasLimit: 100_000n,
      maxFeePerGas: 2_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
      value: 0n,
    };
    const viaKms = await signTransaction(new KmsSigner(kms, kms.keyId), request);
    const viaKey = await signTransaction(new PrivateKeySigner(kms.key.privateKey), request);
    expect(viaKms).toEqual(viaKey);
    expect(Transaction.from(viaKms.rawTx).from).toBe(kms.address);
  });

  it("refuses a signature that does not belong to the key", async () => {
    const kms = new InMemoryKms();
    const other = new InMemoryKms();
    const lying = {
      send: (command: Parameters<InMemoryKms["send"]>[0]) =>
        command.constructor.name === "SignCommand"
          ? other.send(Object.assign(command, { input: { ...command.input, KeyId: other.keyId } }))
          : kms.send(command),
    } as unknown as InMemoryKms;
    await expect(new KmsSigner(lying, kms.keyId).signDigest(keccak256("0x01"))).rejects.toThrow(
      "does not recover to the key's address",
    );
  });
});

describe("DER parsing", () => {
  it("reads r and s, including integers with a leading zero byte", () => {
    const r = (1n << 255n) + 5n;
    expect(parseDerSignature(derSignature(r, 42n))).toEqual({ r, s: 42n });
  });

  it("rejects truncated input, trailing bytes and non-secp256k1 keys", () => {
    const good = derSignature(5n, 6n);
    expect(() => parseDerSignature(good.subarray(0, good.length - 1))).toThrow(DerFormatError);
    expect(() => parseDerSignature(new Uint8Array([...good, 0]))).toThrow(DerFormatError);
    // A P-256 SubjectPublicKeyInfo header (OID 1.2.840.10045.3.1.7) with a dummy point.
    const p256 = Buffer.concat([
      Buffer.from("3059301306072a8648ce3d020106082a8648ce3d030107034200", "hex"),
      Buffer.alloc(65, 4),
    ]);
    expect(() => parseSecp256k1PublicKey(p256)).toThrow("ECC_SECG_P256K1");
  });
});
