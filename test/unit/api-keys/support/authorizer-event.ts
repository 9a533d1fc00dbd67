import type { APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { callerIdentityOf } from "../../../../scripts/local/api-gateway-events.js";

export const API_ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123";
export const STAGE = "prod";

export interface AuthorizerRequest {
  method?: string;
  /** Resource template, e.g. `/kyc/1.0/connect/{clientId}/refId/{refId}`. */
  resource: string;
  pathParameters: Record<string, string>;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  sourceIp?: string;
}

/** The method ARN API Gateway builds for a request (path parameters substituted). */
export function methodArnOf(
  request: Pick<AuthorizerRequest, "method" | "resource" | "pathParameters">,
): string {
  const path = request.resource.replace(
    /\{(\w+)\+?\}/g,
    (_, name: string) => request.pathParameters[name] ?? "",
  );
  return `${API_ARN}/${STAGE}/${request.method ?? "GET"}${path}`;
}

/** A REST API REQUEST authorizer event, as API Gateway sends it. */
export function authorizerEvent(request: AuthorizerRequest): APIGatewayRequestAuthorizerEvent {
  const headers = request.headers ?? {};
  const path = request.resource.replace(
    /\{(\w+)\+?\}/g,
    (_, name: string) => request.pathParameters[name] ?? "",
  );
  const method = request.method ?? "GET";
  return {
    type: "REQUEST",
    methodArn: methodArnOf(request),
    resource: request.resource,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders:
      request.multiValueHeaders ??
      Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    pathParameters: request.pathParameters,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      authorizer: undefined,
      protocol: "HTTP/1.1",
      httpMethod: method,
      identity: callerIdentityOf(request.sourceIp ?? "203.0.113.10", "jest"),
      path: `/${STAGE}${path}`,
      stage: STAGE,
      requestId: "request-1",
      requestTimeEpoch: 0,
      resourceId: "resource-1",
      resourcePath: request.resource,
    },
  };
}

export const STATUS_ROUTE = "/kyc/1.0/connect/{clientId}/refId/{refId}";
export const INTAKE_ROUTE = "/intake/1.0/{clientId}/profiles";
