import type {
  APIGatewayEventIdentity,
  APIGatewayEventRequestContextWithAuthorizer,
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
} from "aws-lambda";
import type { RouteMatch } from "./api-routes.js";
import { LOCAL_ACCOUNT_ID, LOCAL_API_ID, LOCAL_REGION, LOCAL_STAGE } from "./local-aws.js";

/** An HTTP request as the local API received it. */
export interface ApiRequest {
  readonly requestId: string;
  readonly receivedAt: Date;
  readonly method: string;
  /** The path as sent (percent-encoded), without the query string. */
  readonly rawPath: string;
  /** The query string without `?`; null when there is none. */
  readonly rawQuery: string | null;
  /** Node's `rawHeaders`: name, value, name, value … as sent (case and repeats preserved). */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
}

interface HeaderMaps {
  headers: Record<string, string> | null;
  multiValueHeaders: Record<string, string[]> | null;
}

/** API Gateway keeps header names as sent; `headers` holds the last value of a repeated header. */
export function headerMapsOf(rawHeaders: readonly string[]): HeaderMaps {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  return Object.keys(headers).length === 0
    ? { headers: null, multiValueHeaders: null }
    : { headers, multiValueHeaders };
}

/** Decoded query parameters; `queryStringParameters` holds the last value of a repeated one. */
export function queryMapsOf(rawQuery: string | null): {
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
} {
  if (rawQuery === null || rawQuery === "") {
    return { queryStringParameters: null, multiValueQueryStringParameters: null };
  }
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    single[name] = value;
    (multi[name] ??= []).push(value);
  }
  return { queryStringParameters: single, multiValueQueryStringParameters: multi };
}

/** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`: what authorizer policies match. */
export function methodArnOf(method: string, rawPath: string): string {
  return `arn:aws:execute-api:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${LOCAL_API_ID}/${LOCAL_STAGE}/${method}${rawPath}`;
}

/** `10/Jan/2026:10:00:00 +0000`, API Gateway's `requestTime`. */
function requestTimeOf(date: Date): string {
  const [, day, month, year, time] = /^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/.exec(date.toUTCString())!;
  return `${day!.padStart(2, "0")}/${month}/${year}:${time} +0000`;
}

function headerValue(rawHeaders: readonly string[], name: string): string | null {
  let value: string | null = null;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === name) value = rawHeaders[i + 1]!;
  }
  return value;
}

/** The caller identity API Gateway reports without IAM or Cognito auth: only the source IP and user agent. */
export function callerIdentityOf(sourceIp: string, userAgent: string | null): APIGatewayEventIdentity {
  return {
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp,
    user: null,
    userAgent,
    userArn: null,
  };
}

function requestContextOf<T>(
  request: ApiRequest,
  match: RouteMatch,
  authorizer: T,
): APIGatewayEventRequestContextWithAuthorizer<T> {
  return {
    accountId: LOCAL_ACCOUNT_ID,
    apiId: LOCAL_API_ID,
    authorizer,
    domainName: headerValue(request.rawHeaders, "host") ?? "127.0.0.1",
    extendedRequestId: request.requestId,
    httpMethod: request.method,
    identity: callerIdentityOf(request.sourceIp, headerValue(request.rawHeaders, "user-agent")),
    path: `/${LOCAL_STAGE}${request.rawPath}`,
    protocol: "HTTP/1.1",
    requestId: request.requestId,
    requestTime: requestTimeOf(request.receivedAt),
    requestTimeEpoch: request.receivedAt.getTime(),
    resourceId: LOCAL_API_ID,
    resourcePath: match.route.resource,
    stage: LOCAL_STAGE,
  };
}

/**
 * The Lambda proxy integration event of a REST API (payload format 1.0). `authorizer` is what the
 * route's authorizer allowed (its context plus `principalId`), null on public routes. Bodies are passed
 * as UTF-8 text: the API declares no binary media types.
 */
export function proxyEventOf(
  request: ApiRequest,
  match: RouteMatch,
  authorizer: Readonly<Record<string, unknown>> | null,
): APIGatewayProxyEvent {
  return {
    resource: match.route.resource,
    path: request.rawPath,
    httpMethod: request.method,
    ...headerMapsOf(request.rawHeaders),
    ...queryMapsOf(request.rawQuery),
    pathParameters: match.pathParameters === null ? null : { ...match.pathParameters },
    stageVariables: null,
    requestContext: requestContextOf(request, match, authorizer === null ? null : { ...authorizer }),
    body: request.body.length === 0 ? null : request.body.toString("utf8"),
    isBase64Encoded: false,
  } as APIGatewayProxyEvent;
}

/** The REQUEST authorizer event API Gateway sends before the integration runs. */
export function requestAuthorizerEventOf(
  request: ApiRequest,
  match: RouteMatch,
): APIGatewayRequestAuthorizerEvent {
  const { headers, multiValueHeaders } = headerMapsOf(request.rawHeaders);
  return {
    type: "REQUEST",
    methodArn: methodArnOf(request.method, request.rawPath),
    resource: match.route.resource,
    path: request.rawPath,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    pathParameters: match.pathParameters === null ? null : { ...match.pathParameters },
    ...queryMapsOf(request.rawQuery),
    stageVariables: null,
    requestContext: requestContextOf(request, match, undefined),
  };
}
