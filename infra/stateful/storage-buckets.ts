import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import type { ResourceNames } from "../naming.js";
import type { BucketId, BucketSpec } from "../topology/types.js";

/** Old object versions (overwritten or deleted objects) are kept this long at most, for recovery. */
const MAX_NONCURRENT_VERSION_DAYS = 30;
const ACCESS_LOG_RETENTION = Duration.days(365);

/**
 * The manifest's buckets: private (public access blocked, TLS only, bucket-owner objects), versioned,
 * encrypted with the data key (S3 Bucket Keys keep KMS requests low), with server access logs and a
 * lifecycle from the manifest (IA transition, expiry) plus cleanup of old versions and failed uploads.
 */
export class StorageBuckets extends Construct {
  readonly byId: ReadonlyMap<BucketId, s3.Bucket>;
  readonly accessLogs: s3.Bucket;

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly buckets: readonly BucketSpec[];
      readonly names: ResourceNames;
      readonly dataKey: kms.IKey;
    },
  ) {
    super(scope, id);
    this.accessLogs = new s3.Bucket(this, "AccessLogs", {
      // S3 server access logging delivers only to buckets encrypted with S3-managed keys.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: "expire-access-logs", expiration: ACCESS_LOG_RETENTION }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "This is the server access log bucket itself; logging its own access would log every log delivery.",
    });
    this.byId = new Map(
      props.buckets.map((spec) => [spec.id, this.createBucket(spec, props.names, props.dataKey)]),
    );
  }

  private createBucket(spec: BucketSpec, names: ResourceNames, dataKey: kms.IKey): s3.Bucket {
    const transition = spec.transitionToInfrequentAccessDays;
    const expiry = spec.expireAfterDays;
    return new s3.Bucket(this, spec.id, {
      bucketName: names.bucket(spec),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: dataKey,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: `${spec.id}/`,
      lifecycleRules: [
        {
          id: "manifest-lifecycle",
          transitions:
            transition === undefined
              ? undefined
              : [
                  {
                    storageClass: s3.StorageClass.INFREQUENT_ACCESS,
                    transitionAfter: Duration.days(transition),
                  },
                ],
          expiration: expiry === undefined ? undefined : Duration.days(expiry),
          noncurrentVersionExpiration: Duration.days(
            Math.min(expiry ?? MAX_NONCURRENT_VERSION_DAYS, MAX_NONCURRENT_VERSION_DAYS),
          ),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
