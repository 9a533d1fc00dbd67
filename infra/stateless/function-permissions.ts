import { ArnFormat, Aws, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { acknowledgeWildcardResource } from "../nag/wildcard-finding.js";
import type { ResourceNames } from "../naming.js";
import type { StatefulResources } from "../stateful-stack.js";
import type { FunctionSpec, Topology } from "../topology/types.js";

/** Transactions need no actions of their own: DynamoDB authorises each item's Put/Update/Delete/ConditionCheck. */
const TABLE_READ = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:ConditionCheckItem",
];
const TABLE_WRITE = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
];
const BUCKET_READ = ["s3:GetObject"];
const BUCKET_WRITE = ["s3:PutObject", "s3:DeleteObject"];

const KEY_OPERATIONS = {
  sign: ["kms:Sign", "kms:GetPublicKey"],
  encrypt: ["kms:Encrypt", "kms:GenerateDataKey"],
  decrypt: ["kms:Decrypt"],
  "public-key": ["kms:GetPublicKey"],
} as const;

const viaService = (service: string) => ({
  StringEquals: { "kms:ViaService": `${service}.${Aws.REGION}.amazonaws.com` },
});

/**
 * The least-privilege statements for one function, generated from its manifest needs: each table,
 * queue, bucket, key and function it may touch, with only the actions its access mode implies. Every
 * resource is named exactly; the one wildcard (objects of a bucket) is acknowledged with its reason.
 * Consumption of a trigger queue is granted by the event source mapping itself.
 */
export function grantManifestNeeds(
  role: iam.IRole,
  spec: FunctionSpec,
  context: {
    readonly topology: Topology;
    readonly resources: StatefulResources;
    readonly names: ResourceNames;
  },
): void {
  const { topology, resources, names } = context;
  const dataKeyArn = resources.dataKey.keyArn;
  const allow = (actions: readonly string[], resourceArns: readonly string[], conditions?: iam.Conditions) =>
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...actions], resources: [...resourceArns], conditions }),
    );

  for (const table of topology.tables) {
    const mode = spec.needs.tables?.[table.id];
    const stateful = resources.tables.get(table.id);
    if (mode === undefined || stateful === undefined) continue;
    const indexArns = table.definition.globalSecondaryIndexes.map(
      (index) => `${stateful.tableArn}/index/${index.indexName}`,
    );
    allow(mode === "write" ? [...TABLE_READ, ...TABLE_WRITE] : TABLE_READ, [stateful.tableArn, ...indexArns]);
    // The table is encrypted with the data key; DynamoDB uses it on the caller's behalf only.
    allow(
      mode === "write"
        ? ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"]
        : ["kms:Decrypt", "kms:DescribeKey"],
      [dataKeyArn],
      viaService("dynamodb"),
    );
  }

  const sendsTo = spec.needs.sendsTo ?? [];
  if (sendsTo.length > 0) {
    const queueArns = sendsTo.flatMap((id) => {
      const stateful = resources.queues.get(id);
      return stateful === undefined ? [] : [stateful.queue.queueArn];
    });
    allow(["sqs:SendMessage"], queueArns);
    allow(["kms:GenerateDataKey", "kms:Decrypt"], [dataKeyArn], viaService("sqs"));
  }

  for (const bucket of topology.buckets) {
    const mode = spec.needs.buckets?.[bucket.id];
    if (mode === undefined) continue;
    const bucketArn = `arn:${Aws.PARTITION}:s3:::${names.bucket(bucket)}`;
    const objectsArn = `${bucketArn}/*`;
    allow(mode === "write" ? [...BUCKET_READ, ...BUCKET_WRITE] : BUCKET_READ, [objectsArn]);
    // Lets a missing object answer 404 (NoSuchKey, which the checkpoint store expects) instead of 403.
    allow(["s3:ListBucket"], [bucketArn]);
    allow(
      mode === "write" ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"],
      [dataKeyArn],
      viaService("s3"),
    );
    acknowledgeWildcardResource(
      role,
      objectsArn,
      `Objects of the ${bucket.id} bucket are keyed by run/profile ids created at run time; access is limited to this one bucket.`,
    );
  }

  for (const keySpec of topology.keys) {
    const operations = spec.needs.keys?.[keySpec.id] ?? [];
    const key = resources.keys.get(keySpec.id);
    if (operations.length === 0 || key === undefined) continue;
    allow([...new Set(operations.flatMap((operation) => KEY_OPERATIONS[operation]))], [key.keyArn]);
  }

  if (spec.needs.email === true) {
    const { mail } = resources;
    const stack = Stack.of(role);
    // SES checks the identity and the configuration set a message is sent under; only the sender
    // address the deployment verified may appear as From.
    allow(
      ["ses:SendEmail"],
      [
        mail.identity.emailIdentityArn,
        stack.formatArn({
          service: "ses",
          resource: "configuration-set",
          resourceName: names.mailConfigurationSet(),
        }),
      ],
      { StringEquals: { "ses:FromAddress": mail.senderEmail } },
    );
  }

  const invokes = spec.needs.invokes ?? [];
  if (invokes.length > 0) {
    const stack = Stack.of(role);
    allow(
      ["lambda:InvokeFunction"],
      invokes.map((name) =>
        stack.formatArn({
          service: "lambda",
          resource: "function",
          resourceName: names.function({ name }),
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ),
    );
  }
}
