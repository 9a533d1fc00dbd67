import { Transaction, type Signature, type TransactionLike } from "ethers";

/**
 * The signer port: whatever holds the attester's secp256k1 key (AWS KMS in production, a Hardhat
 * account locally). The key never leaves it; the pipeline only asks for signatures of digests.
 */
export interface ChainSigner {
  /** The EIP-55 address of the key. */
  getAddress(): Promise<string>;
  /** A canonical (low-s) signature of a 32-byte digest with its recovery bit. */
  signDigest(digest: string): Promise<Signature>;
}

export interface SignedTransaction {
  rawTx: string;
  hash: string;
}

/** Signs an EIP-1559 transaction through the port and returns its raw bytes and hash. */
export async function signTransaction(
  signer: ChainSigner,
  request: TransactionLike<string>,
): Promise<SignedTransaction> {
  const transaction = Transaction.from({ ...request, type: 2 });
  transaction.signature = await signer.signDigest(transaction.unsignedHash);
  const hash = transaction.hash;
  if (hash === null) throw new Error("a signed transaction has a hash");
  return { rawTx: transaction.serialized, hash };
}
