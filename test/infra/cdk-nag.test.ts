import { Validations } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { topology as manifest } from "../../infra/topology/manifest.js";
import { fullTopology } from "./fixtures/full-topology.js";
import { synthesize, type Synthesized } from "./support/synthesize.js";

/** Every acknowledgement recorded in the tree: rule id, reason, and where. */
function acknowledgements(root: IConstruct): { id: string; reason: string; path: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          id,
          reason,
          path: construct.node.path,
        })),
      ),
  );
}

describe("cdk-nag AwsSolutionsChecks", () => {
  let full: Synthesized;
  beforeAll(() => {
    full = synthesize({ topology: fullTopology });
  });

  test("the full fixture topology synthesises with zero unacknowledged findings", () => {
    const report = new AwsSolutionsChecks().validateScope(full.app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
    expect(report.success).toBe(true);
  });

  test("the real manifest synthesises with zero unacknowledged findings", () => {
    const report = new AwsSolutionsChecks().validateScope(synthesize({ topology: manifest }).app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });

  test("every acknowledgement names one rule (or one finding) and gives a specific reason", () => {
    const acknowledged = acknowledgements(full.app);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, reason, path } of acknowledged) {
      // CDK stores an acknowledged id under its `Annotation::` namespace; cdk-nag reads it without.
      expect({ path, id }).toEqual({
        path,
        id: expect.stringMatching(/^Annotation::AwsSolutions-[A-Z]+\d+(\[.+\])?$/),
      });
      expect({ path, id, specificReason: reason.length >= 60 }).toEqual({ path, id, specificReason: true });
    }
    // Wildcards are acknowledged finding by finding, never for a whole rule.
    expect(acknowledged.filter(({ id }) => id.endsWith("AwsSolutions-IAM5"))).toEqual([]);
  });

  test("the checks do fire: an unencrypted queue without DLQ or TLS policy is reported", () => {
    new sqs.Queue(full.stateful, "Careless", { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const report = new AwsSolutionsChecks().validateScope(full.app);
    expect(report.success).toBe(false);
    expect(report.violations.map((violation) => violation.ruleName).sort()).toEqual([
      "AwsSolutions-SQS2",
      "AwsSolutions-SQS3",
      "AwsSolutions-SQS4",
    ]);
  });
});
