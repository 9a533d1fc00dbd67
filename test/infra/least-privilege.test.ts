import type { Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import type { FunctionSpec } from "../../infra/topology/types.js";
import { fullTopology } from "./fixtures/full-topology.js";
import { synthesize, type Synthesized } from "./support/synthesize.js";
import {
  actions,
  describeResource,
  logicalId,
  outputNameFor,
  resourceList,
  roleStatements,
  single,
  type PolicyStatement,
} from "./support/template-queries.js";

const PREFIX = "kyc-attest-test";
let synthesized: Synthesized;
let template: Template;

beforeAll(() => {
  synthesized = synthesize({ topology: fullTopology });
  template = synthesized.statelessTemplate;
});

function statementsOf(spec: FunctionSpec): PolicyStatement[] {
  const [, resource] = single(template, "AWS::Lambda::Function", { FunctionName: `${PREFIX}-${spec.name}` });
  const [roleId] = (resource.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"];
  return roleStatements(template, roleId);
}

/** The resources (readable, see `describeResource`) that `action` is allowed on for `spec`. */
function allowedResources(spec: FunctionSpec, action: string): string[] {
  return statementsOf(spec)
    .filter((statement) => statement.Effect === "Allow" && actions(statement).includes(action))
    .flatMap((statement) => resourceList(statement).map(describeResource))
    .sort();
}

const stateful = (construct: IConstruct, attribute = "Arn") =>
  `stateful:${outputNameFor(synthesized.statefulTemplate, {
    "Fn::GetAtt": [logicalId(construct as Parameters<typeof logicalId>[0], synthesized.stateful), attribute],
  })}`;

function queue(id: string) {
  const found = synthesized.stateful.queues.get(id);
  if (found === undefined) throw new Error(`no queue ${id}`);
  return found.queue;
}

describe("least privilege, generated from the manifest", () => {
  test("every function has a role of its own", () => {
    const roles = fullTopology.functions.map((spec) => {
      const [, resource] = single(template, "AWS::Lambda::Function", {
        FunctionName: `${PREFIX}-${spec.name}`,
      });
      return JSON.stringify(resource.Properties.Role);
    });
    expect(new Set(roles).size).toBe(fullTopology.functions.length);
  });

  test("no statement allows a wildcard action or every resource", () => {
    for (const spec of fullTopology.functions) {
      for (const statement of statementsOf(spec)) {
        expect(actions(statement).filter((action) => action.includes("*"))).toEqual([]);
        expect(resourceList(statement)).not.toContain("*");
      }
    }
  });

  test("sqs:SendMessage only on the queues in sendsTo; a function without sendsTo cannot send", () => {
    for (const spec of fullTopology.functions) {
      const expected = (spec.needs.sendsTo ?? []).map((id) => stateful(queue(id))).sort();
      expect({ fn: spec.name, queues: allowedResources(spec, "sqs:SendMessage") }).toEqual({
        fn: spec.name,
        queues: expected,
      });
    }
  });

  test("consume rights only on the function's own trigger queue", () => {
    for (const spec of fullTopology.functions) {
      const expected = spec.triggers.flatMap((trigger) =>
        trigger.kind === "sqs" ? [stateful(queue(trigger.queue))] : [],
      );
      for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]) {
        expect({ fn: spec.name, action, queues: allowedResources(spec, action) }).toEqual({
          fn: spec.name,
          action,
          queues: expected,
        });
      }
    }
  });

  test("only chain-signing functions may use the secp256k1 key, and only to sign", () => {
    const chainKey = synthesized.stateful.keys.get("chainSigner");
    if (chainKey === undefined) throw new Error("the fixture has a chain signer key");
    for (const spec of fullTopology.functions) {
      const signs = spec.needs.keys?.chainSigner?.includes("sign") === true;
      const expected = signs ? [stateful(chainKey)] : [];
      expect({ fn: spec.name, sign: allowedResources(spec, "kms:Sign") }).toEqual({
        fn: spec.name,
        sign: expected,
      });
      expect(allowedResources(spec, "kms:GetPublicKey")).toEqual(expected);
      const anyUseOfChainKey = statementsOf(spec).filter((statement) =>
        resourceList(statement).map(describeResource).includes(stateful(chainKey)),
      );
      expect(anyUseOfChainKey.flatMap(actions).sort()).toEqual(signs ? ["kms:GetPublicKey", "kms:Sign"] : []);
    }
  });

  test("table rights follow the access mode, on the table and each of its indexes by name", () => {
    const [table] = synthesized.stateful.tables.values();
    if (table === undefined) throw new Error("the fixture has a table");
    const tableArn = stateful(table);
    const tableAndIndexes = [
      tableArn,
      ...fullTopology.tables[0]!.definition.globalSecondaryIndexes.map(
        (index) => `${tableArn}/index/${index.indexName}`,
      ),
    ].sort();
    for (const spec of fullTopology.functions) {
      const mode = spec.needs.tables?.main;
      expect(allowedResources(spec, "dynamodb:Query")).toEqual(mode === undefined ? [] : tableAndIndexes);
      expect(allowedResources(spec, "dynamodb:PutItem")).toEqual(mode === "write" ? tableAndIndexes : []);
      expect(allowedResources(spec, "dynamodb:UpdateItem")).toEqual(mode === "write" ? tableAndIndexes : []);
      expect(allowedResources(spec, "dynamodb:Scan")).toEqual([]);
    }
  });

  test("bucket rights follow the access mode, on that bucket only", () => {
    for (const spec of fullTopology.functions) {
      for (const bucket of fullTopology.buckets) {
        const mode = spec.needs.buckets?.[bucket.id];
        const objects = `arn:<AWS::Partition>:s3:::${PREFIX}-${bucket.id}-<AWS::AccountId>-<AWS::Region>/*`;
        const has = (action: string) => allowedResources(spec, action).includes(objects);
        expect({
          fn: spec.name,
          bucket: bucket.id,
          get: has("s3:GetObject"),
          put: has("s3:PutObject"),
        }).toEqual({
          fn: spec.name,
          bucket: bucket.id,
          get: mode !== undefined,
          put: mode === "write",
        });
      }
      if (spec.needs.buckets === undefined) {
        expect(
          statementsOf(spec)
            .flatMap(actions)
            .filter((action) => action.startsWith("s3:")),
        ).toEqual([]);
      }
    }
  });

  test("lambda:InvokeFunction only on the functions in needs.invokes", () => {
    for (const spec of fullTopology.functions) {
      const expected = (spec.needs.invokes ?? [])
        .map(
          (name) => `arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:${PREFIX}-${name}`,
        )
        .sort();
      expect({ fn: spec.name, invokes: allowedResources(spec, "lambda:InvokeFunction") }).toEqual({
        fn: spec.name,
        invokes: expected,
      });
    }
  });

  test("the data key decrypts a function's configuration only in that function's encryption context", () => {
    const dataKey = stateful(synthesized.stateful.dataKey);
    for (const spec of fullTopology.functions) {
      const configuration = statementsOf(spec).filter(
        (statement) =>
          statement.Condition !== undefined &&
          JSON.stringify(statement.Condition).includes("LambdaFunctionName"),
      );
      expect(configuration).toHaveLength(1);
      expect(configuration[0]).toMatchObject({
        Action: "kms:Decrypt",
        Condition: { StringEquals: { "kms:EncryptionContext:LambdaFunctionName": `${PREFIX}-${spec.name}` } },
      });
      expect(resourceList(configuration[0]!).map(describeResource)).toEqual([dataKey]);
    }
  });
});
