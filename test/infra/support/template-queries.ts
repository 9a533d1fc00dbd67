import type { Stack } from "aws-cdk-lib";
import type { Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";

export interface CfnResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, unknown>;
}

export function resourcesOfType(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

/** The only resource of `type` whose properties include `properties`; fails when there is not exactly one. */
export function single(
  template: Template,
  type: string,
  properties: Record<string, unknown>,
): [string, CfnResource] {
  const found = Object.entries(
    template.findResources(type, { Properties: properties }) as Record<string, CfnResource>,
  );
  if (found.length !== 1)
    throw new Error(`expected one ${type} with ${JSON.stringify(properties)}, found ${found.length}`);
  return found[0]!;
}

export function logicalId(construct: IConstruct & { node: IConstruct["node"] }, stack: Stack): string {
  const child = construct.node.defaultChild ?? construct;
  return stack.resolve((child as unknown as { logicalId: string }).logicalId) as string;
}

export function actions(statement: PolicyStatement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

export function resourceList(statement: PolicyStatement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

/** Every statement of the policies attached to the role with logical id `roleId`. */
export function roleStatements(template: Template, roleId: string): PolicyStatement[] {
  const policies = Object.values(resourcesOfType(template, "AWS::IAM::Policy")).filter((policy) =>
    (policy.Properties.Roles as unknown[]).some(
      (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId }),
    ),
  );
  return policies.flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement,
  );
}

/**
 * The name of the stateful stack output whose value is `value` (e.g. `{ "Fn::GetAtt": [id, "Arn"] }`): a
 * stateless resource reads it with `Fn::GetStackOutput`, so tests can tell what a cross-stack reference is.
 */
export function outputNameFor(statefulTemplate: Template, value: unknown): string {
  const outputs = statefulTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;
  const match = Object.entries(outputs).find(
    ([, output]) => JSON.stringify(output.Value) === JSON.stringify(value),
  );
  if (match === undefined) throw new Error(`no output publishes ${JSON.stringify(value)}`);
  return match[0];
}

export function crossStackOutputName(reference: unknown): string | undefined {
  const output = (reference as { "Fn::GetStackOutput"?: { OutputName: string } })["Fn::GetStackOutput"];
  return output?.OutputName;
}

/**
 * A readable form of a policy resource: `stateful:<output>` for a cross-stack reference, `<Id.Attr>` and
 * `<Id>` for local ones, `Fn::Join` concatenated (`stateful:<table output>/index/byStatus`).
 */
export function describeResource(value: unknown): string {
  if (typeof value === "string") return value;
  const intrinsic = value as Record<string, unknown>;
  const output = crossStackOutputName(value);
  if (output !== undefined) return `stateful:${output}`;
  if (Array.isArray(intrinsic["Fn::Join"])) {
    const [delimiter, parts] = intrinsic["Fn::Join"] as [string, unknown[]];
    return parts.map(describeResource).join(delimiter);
  }
  if (Array.isArray(intrinsic["Fn::GetAtt"])) return `<${(intrinsic["Fn::GetAtt"] as string[]).join(".")}>`;
  if (typeof intrinsic.Ref === "string") return `<${intrinsic.Ref}>`;
  return JSON.stringify(value);
}
