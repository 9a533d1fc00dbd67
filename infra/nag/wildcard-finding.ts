import { Stack, Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/**
 * cdk-nag names each wildcard it finds in an IAM policy (`AwsSolutions-IAM5[Resource::<flattened ARN>]`)
 * and v3 acknowledges findings one by one, by that name. This renders a resource the way cdk-nag
 * flattens it (`Ref` → `<Name>`, `Fn::GetAtt` → `<Id.Attr>`, `Fn::Join` concatenated, `Fn::Sub`'s
 * `${X}` → `<X>`) so an
 * acknowledgement follows the resource's real name instead of a hand-copied string.
 */
export function flattenedResource(scope: IConstruct, resource: string): string {
  return flatten(Stack.of(scope).resolve(resource));
}

function flatten(node: unknown): string {
  if (typeof node === "string") return node.replace(/\$\{/g, "<").replace(/\}/g, ">");
  if (typeof node === "object" && node !== null) {
    const intrinsic = node as Record<string, unknown>;
    if (Array.isArray(intrinsic["Fn::Join"])) {
      const [delimiter, parts] = intrinsic["Fn::Join"] as [string, unknown[]];
      return parts.map(flatten).join(delimiter);
    }
    if (typeof intrinsic["Fn::Sub"] === "string") return flatten(intrinsic["Fn::Sub"]);
    if ("Ref" in intrinsic) return `<${flatten(intrinsic.Ref)}>`;
    if (Array.isArray(intrinsic["Fn::GetAtt"])) {
      const [resource, attribute] = intrinsic["Fn::GetAtt"] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
  }
  return JSON.stringify(node);
}

/** Acknowledges the IAM5 finding for one wildcard resource on `scope` (and everything under it). */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  Validations.of(scope).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${flattenedResource(scope, resource)}]`,
    reason,
  });
}
