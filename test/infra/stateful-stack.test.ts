import { Match } from "aws-cdk-lib/assertions";
import { generatedSecretLength } from "../../infra/stateful/service-secrets.js";
import { fullTopology } from "./fixtures/full-topology.js";
import { synthesize, type Synthesized } from "./support/synthesize.js";
import { logicalId, resourcesOfType, single } from "./support/template-queries.js";

const PREFIX = "kyc-attest-test";
let synthesized: Synthesized;

beforeAll(() => {
  synthesized = synthesize({ topology: fullTopology, context: { alarmEmail: "ops@example.org" } });
});

const dataKeyArn = () => ({
  "Fn::GetAtt": [logicalId(synthesized.stateful.dataKey, synthesized.stateful), "Arn"],
});

describe("stateful stack: tables", () => {
  test("one table per manifest table, from its definition, on demand, with PITR, deletion protection and TTL", () => {
    const template = synthesized.statefulTemplate;
    template.resourceCountIs("AWS::DynamoDB::Table", fullTopology.tables.length);
    for (const { definition } of fullTopology.tables) {
      const [, table] = single(template, "AWS::DynamoDB::Table", {
        TableName: `${PREFIX}-${definition.nameSuffix}`,
      });
      expect(table.DeletionPolicy).toBe("Retain");
      expect(table.Properties).toMatchObject({
        BillingMode: "PAY_PER_REQUEST",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: "KMS", KMSMasterKeyId: dataKeyArn() },
        KeySchema: [
          { AttributeName: definition.partitionKey.name, KeyType: "HASH" },
          { AttributeName: definition.sortKey?.name, KeyType: "RANGE" },
        ],
      });
      expect(table.Properties).not.toHaveProperty("ProvisionedThroughput");
      const indexes = table.Properties.GlobalSecondaryIndexes as { IndexName: string; Projection: unknown }[];
      expect(indexes.map((index) => index.IndexName)).toEqual(
        definition.globalSecondaryIndexes.map((index) => index.indexName),
      );
      for (const [position, index] of definition.globalSecondaryIndexes.entries()) {
        expect(indexes[position]?.Projection).toEqual(
          index.projection.type === "INCLUDE"
            ? { ProjectionType: "INCLUDE", NonKeyAttributes: [...index.projection.nonKeyAttributes] }
            : { ProjectionType: index.projection.type },
        );
      }
    }
  });
});

describe("stateful stack: queues", () => {
  test("every manifest queue has a dead-letter queue, its redrive count, retention and visibility timeout", () => {
    const template = synthesized.statefulTemplate;
    template.resourceCountIs("AWS::SQS::Queue", fullTopology.queues.length * 2);
    for (const spec of fullTopology.queues) {
      const suffix = spec.fifo ? ".fifo" : "";
      const [dlqId, dlq] = single(template, "AWS::SQS::Queue", {
        QueueName: `${PREFIX}-${spec.id}-dlq${suffix}`,
      });
      const [, queue] = single(template, "AWS::SQS::Queue", { QueueName: `${PREFIX}-${spec.id}${suffix}` });
      expect(queue.Properties).toMatchObject({
        VisibilityTimeout: spec.visibilityTimeoutSeconds,
        MessageRetentionPeriod: spec.retentionDays * 86_400,
        RedrivePolicy: {
          deadLetterTargetArn: { "Fn::GetAtt": [dlqId, "Arn"] },
          maxReceiveCount: spec.maxReceiveCount,
        },
        KmsMasterKeyId: dataKeyArn(),
      });
      expect(dlq.Properties).toMatchObject({
        MessageRetentionPeriod: 14 * 86_400,
        KmsMasterKeyId: dataKeyArn(),
      });
      if (spec.fifo) {
        expect(queue.Properties).toMatchObject({ FifoQueue: true, DeduplicationScope: "messageGroup" });
        expect(dlq.Properties).toMatchObject({ FifoQueue: true });
      } else {
        expect(queue.Properties.FifoQueue).toBeUndefined();
      }
    }
  });

  test("every queue refuses requests without TLS", () => {
    const template = synthesized.statefulTemplate;
    const queueIds = Object.keys(resourcesOfType(template, "AWS::SQS::Queue"));
    const policies = Object.values(resourcesOfType(template, "AWS::SQS::QueuePolicy"));
    for (const queueId of queueIds) {
      const policy = policies.find((candidate) =>
        JSON.stringify(candidate.Properties.Queues).includes(`"${queueId}"`),
      );
      expect(policy?.Properties.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([
          expect.objectContaining({
            Effect: "Deny",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      });
    }
  });
});

describe("stateful stack: buckets", () => {
  test("manifest buckets are private, versioned, KMS-encrypted, logged, TLS-only, with the manifest lifecycle", () => {
    const template = synthesized.statefulTemplate;
    // The manifest's buckets plus the server access log bucket.
    template.resourceCountIs("AWS::S3::Bucket", fullTopology.buckets.length + 1);
    for (const spec of fullTopology.buckets) {
      const [bucketId, bucket] = single(template, "AWS::S3::Bucket", {
        BucketName: {
          "Fn::Join": ["", [`${PREFIX}-${spec.id}-`, { Ref: "AWS::AccountId" }, "-", { Ref: "AWS::Region" }]],
        },
      });
      expect(bucket.DeletionPolicy).toBe("Retain");
      expect(bucket.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: "Enabled" },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: dataKeyArn() },
            },
          ],
        },
        LoggingConfiguration: { LogFilePrefix: `${spec.id}/` },
        OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      });
      const [rule] = (bucket.Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
      expect(rule).toMatchObject({
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        Status: "Enabled",
      });
      expect(rule?.Transitions).toEqual(
        spec.transitionToInfrequentAccessDays === undefined
          ? undefined
          : [{ StorageClass: "STANDARD_IA", TransitionInDays: spec.transitionToInfrequentAccessDays }],
      );
      expect(rule?.ExpirationInDays).toBe(spec.expireAfterDays);
      const [, policy] = single(template, "AWS::S3::BucketPolicy", { Bucket: { Ref: bucketId } });
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });
});

describe("stateful stack: keys, secrets, alarm topic", () => {
  test("a secp256k1 signing key (no rotation possible) and a rotating symmetric data key, both retained", () => {
    const template = synthesized.statefulTemplate;
    template.resourceCountIs("AWS::KMS::Key", fullTopology.keys.length);
    const keys = Object.values(resourcesOfType(template, "AWS::KMS::Key"));
    expect(
      keys.map((key) => [key.Properties.KeySpec, key.Properties.KeyUsage, key.Properties.EnableKeyRotation]),
    ).toEqual(
      expect.arrayContaining([
        ["ECC_SECG_P256K1", "SIGN_VERIFY", false],
        ["SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", true],
      ]),
    );
    for (const key of keys) expect(key.DeletionPolicy).toBe("Retain");
    template.hasResourceProperties("AWS::KMS::Alias", { AliasName: `alias/${PREFIX}-chain-signer` });
    template.hasResourceProperties("AWS::KMS::Alias", { AliasName: `alias/${PREFIX}-data` });
  });

  test("secrets are generated by Secrets Manager with the manifest's entropy and encrypted with the data key", () => {
    const template = synthesized.statefulTemplate;
    template.resourceCountIs("AWS::SecretsManager::Secret", fullTopology.secrets.length);
    for (const spec of fullTopology.secrets) {
      const [, secret] = single(template, "AWS::SecretsManager::Secret", { Name: `${PREFIX}/${spec.id}` });
      expect(secret.DeletionPolicy).toBe("Retain");
      expect(secret.Properties).toMatchObject({
        KmsKeyId: dataKeyArn(),
        GenerateSecretString: { PasswordLength: generatedSecretLength(spec.bytes), ExcludePunctuation: true },
      });
    }
    // 32 random bytes need 43 characters drawn from 62 letters and digits.
    expect(generatedSecretLength(32)).toBe(43);
  });

  test("alarms notify an encrypted topic that CloudWatch may use the data key for, and the configured email", () => {
    const template = synthesized.statefulTemplate;
    template.hasResourceProperties("AWS::SNS::Topic", {
      TopicName: `${PREFIX}-alarms`,
      KmsMasterKeyId: dataKeyArn(),
    });
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "ops@example.org",
    });
    template.hasResourceProperties("AWS::KMS::Key", {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          }),
        ]),
      },
    });
  });
});
