import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import type { ResourceNames } from "../naming.js";
import type { Topology } from "../topology/types.js";

/**
 * A managed policy for operators: invoke exactly the functions the manifest marks `invoke` (what the
 * operator CLI calls through the Lambda Invoke API). Attach it to the operators' role or SSO permission set.
 */
export class OperatorAccess extends Construct {
  readonly policy: iam.ManagedPolicy | undefined;

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly topology: Topology;
      readonly names: ResourceNames;
      readonly functions: ReadonlyMap<string, lambda.IFunction>;
    },
  ) {
    super(scope, id);
    const invocable = props.topology.functions
      .filter((spec) => spec.triggers.some((trigger) => trigger.kind === "invoke"))
      .flatMap((spec) => {
        const handler = props.functions.get(spec.name);
        return handler === undefined ? [] : [handler.functionArn];
      });
    this.policy =
      invocable.length === 0
        ? undefined
        : new iam.ManagedPolicy(this, "InvokePolicy", {
            managedPolicyName: props.names.operatorPolicy(),
            description: "Operator CLI: invoke the kyc-attest functions the topology marks as invocable",
            statements: [
              new iam.PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: invocable }),
            ],
          });
  }
}
