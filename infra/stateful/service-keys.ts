import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import type { ResourceNames } from "../naming.js";
import { TopologyError } from "../topology-validation.js";
import type { KeyId, KeySpec } from "../topology/types.js";

/** The key whose id is `data` encrypts everything at rest (tables, queues, buckets, secrets, alarms). */
export const DATA_KEY_ID: KeyId = "data";

/**
 * The KMS keys of the manifest. The secp256k1 signing key never leaves KMS (the attester calls `Sign`);
 * asymmetric keys cannot rotate, so rotating the signer means a new key and a registry role change.
 */
export class ServiceKeys extends Construct {
  readonly byId: ReadonlyMap<KeyId, kms.Key>;
  readonly dataKey: kms.Key;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly keys: readonly KeySpec[]; readonly names: ResourceNames },
  ) {
    super(scope, id);
    const byId = new Map<KeyId, kms.Key>();
    for (const spec of props.keys) {
      const symmetric = spec.keySpec === "SYMMETRIC_DEFAULT";
      byId.set(
        spec.id,
        new kms.Key(this, spec.id, {
          alias: props.names.keyAlias(spec.id),
          description: spec.description,
          keySpec: symmetric ? kms.KeySpec.SYMMETRIC_DEFAULT : kms.KeySpec.ECC_SECG_P256K1,
          keyUsage: symmetric ? kms.KeyUsage.ENCRYPT_DECRYPT : kms.KeyUsage.SIGN_VERIFY,
          enableKeyRotation: symmetric,
          // Losing a key loses the data it encrypts (or the signer's on-chain role): never delete with the stack.
          removalPolicy: RemovalPolicy.RETAIN,
          pendingWindow: Duration.days(30),
        }),
      );
    }
    const dataKey = byId.get(DATA_KEY_ID);
    if (dataKey === undefined) throw new TopologyError([`the manifest has no "${DATA_KEY_ID}" key`]);
    this.byId = byId;
    this.dataKey = dataKey;
  }
}
