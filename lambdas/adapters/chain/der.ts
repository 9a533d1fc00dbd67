/**
 * The few DER structures AWS KMS returns for secp256k1 keys: an ECDSA signature
 * (`SEQUENCE { INTEGER r, INTEGER s }`) and a SubjectPublicKeyInfo with an uncompressed point.
 */
export class DerFormatError extends Error {
  override readonly name = "DerFormatError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, context: Record<string, unknown> = {}) {
    super(message);
    this.context = context;
  }
}

const TAG = { integer: 0x02, bitString: 0x03, objectId: 0x06, sequence: 0x30 } as const;
/** 1.3.132.0.10 (secp256k1). */
const SECP256K1_OID = Uint8Array.of(0x2b, 0x81, 0x04, 0x00, 0x0a);

interface Element {
  tag: number;
  value: Uint8Array;
  /** Offset just past this element in the input. */
  end: number;
}

function readElement(bytes: Uint8Array, offset: number): Element {
  const tag = bytes[offset];
  let lengthByte = bytes[offset + 1];
  if (tag === undefined || lengthByte === undefined)
    throw new DerFormatError("truncated DER element", { offset });
  let cursor = offset + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const octets = lengthByte & 0x7f;
    if (octets === 0 || octets > 3) throw new DerFormatError("unsupported DER length", { offset });
    length = 0;
    for (let i = 0; i < octets; i += 1) {
      lengthByte = bytes[cursor + i];
      if (lengthByte === undefined) throw new DerFormatError("truncated DER length", { offset });
      length = (length << 8) | lengthByte;
    }
    cursor += octets;
  }
  const end = cursor + length;
  if (end > bytes.length) throw new DerFormatError("DER element runs past the input", { offset, length });
  return { tag, value: bytes.subarray(cursor, end), end };
}

function expectTag(element: Element, tag: number, what: string): Uint8Array {
  if (element.tag !== tag) throw new DerFormatError(`expected ${what}`, { tag: element.tag });
  return element.value;
}

function children(value: Uint8Array): Element[] {
  const elements: Element[] = [];
  for (let offset = 0; offset < value.length;) {
    const element = readElement(value, offset);
    elements.push(element);
    offset = element.end;
  }
  return elements;
}

function unsignedInteger(value: Uint8Array): bigint {
  if (value.length === 0) throw new DerFormatError("empty INTEGER");
  if ((value[0] ?? 0) & 0x80) throw new DerFormatError("negative INTEGER in a signature");
  return value.reduce((result, byte) => (result << 8n) | BigInt(byte), 0n);
}

/** Parses a DER ECDSA signature into its (r, s) integers. */
export function parseDerSignature(der: Uint8Array): { r: bigint; s: bigint } {
  const outer = readElement(der, 0);
  if (outer.end !== der.length) throw new DerFormatError("trailing bytes after the signature");
  const [r, s, ...rest] = children(expectTag(outer, TAG.sequence, "a SEQUENCE"));
  if (r === undefined || s === undefined || rest.length > 0)
    throw new DerFormatError("a signature has two INTEGERs");
  return {
    r: unsignedInteger(expectTag(r, TAG.integer, "INTEGER r")),
    s: unsignedInteger(expectTag(s, TAG.integer, "INTEGER s")),
  };
}

/** Extracts the 65-byte uncompressed secp256k1 point (`04 || X || Y`) of a DER SubjectPublicKeyInfo. */
export function parseSecp256k1PublicKey(spki: Uint8Array): Uint8Array {
  const outer = readElement(spki, 0);
  const [algorithm, key] = children(expectTag(outer, TAG.sequence, "a SEQUENCE"));
  if (algorithm === undefined || key === undefined)
    throw new DerFormatError("incomplete SubjectPublicKeyInfo");
  const [, curve] = children(expectTag(algorithm, TAG.sequence, "an AlgorithmIdentifier"));
  const curveOid = curve === undefined ? new Uint8Array() : expectTag(curve, TAG.objectId, "the curve OID");
  if (Buffer.compare(Buffer.from(curveOid), Buffer.from(SECP256K1_OID)) !== 0) {
    throw new DerFormatError("the key is not on secp256k1 (KMS key spec must be ECC_SECG_P256K1)");
  }
  const bits = expectTag(key, TAG.bitString, "a BIT STRING");
  const point = bits.subarray(1);
  if (bits[0] !== 0 || point.length !== 65 || point[0] !== 0x04) {
    throw new DerFormatError("expected an uncompressed 65-byte point", { length: point.length });
  }
  return point;
}
