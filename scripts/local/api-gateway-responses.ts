import type { ApiSpec, GatewayResponseType } from "../../infra/topology/types.js";

/** An HTTP response ready to write. */
export interface HttpReply {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: Buffer;
}

/** API Gateway's own messages (`$context.error.message`) and error types (`x-amzn-ErrorType`). */
const GATEWAY_DEFAULTS: Readonly<Record<GatewayResponseType, { message: string; errorType: string }>> = {
  UNAUTHORIZED: { message: "Unauthorized", errorType: "UnauthorizedException" },
  ACCESS_DENIED: {
    message: "User is not authorized to access this resource",
    errorType: "AccessDeniedException",
  },
  MISSING_AUTHENTICATION_TOKEN: {
    message: "Missing Authentication Token",
    errorType: "MissingAuthenticationTokenException",
  },
  REQUEST_TOO_LARGE: { message: "Request Too Long", errorType: "RequestTooLargeException" },
  AUTHORIZER_FAILURE: { message: "Authorizer failure", errorType: "AuthorizerFailureException" },
  AUTHORIZER_CONFIGURATION_ERROR: {
    message: "Authorizer configuration error",
    errorType: "AuthorizerConfigurationException",
  },
  INTEGRATION_FAILURE: { message: "Internal server error", errorType: "InternalServerErrorException" },
  INTEGRATION_TIMEOUT: { message: "Endpoint request timed out", errorType: "InternalServerErrorException" },
  THROTTLED: { message: "Too Many Requests", errorType: "TooManyRequestsException" },
};

export const EXPLICIT_DENY_MESSAGE = "User is not authorized to access this resource with an explicit deny";

/**
 * A response API Gateway answers itself, in the project's envelope `{ status: "error", code, message }`
 * as the manifest's gateway responses configure it. `gatewayMessage` is API Gateway's own message for this
 * occurrence, used when the manifest does not fix one.
 */
export function gatewayReply(
  api: ApiSpec,
  type: GatewayResponseType,
  requestId: string,
  gatewayMessage?: string,
): HttpReply {
  const spec = api.gatewayResponses[type];
  const message = spec.message ?? gatewayMessage ?? GATEWAY_DEFAULTS[type].message;
  return {
    statusCode: spec.statusCode,
    headers: {
      "Content-Type": "application/json",
      "x-amzn-RequestId": requestId,
      "x-amzn-ErrorType": GATEWAY_DEFAULTS[type].errorType,
      ...(spec.retryAfterSeconds === undefined ? {} : { "Retry-After": String(spec.retryAfterSeconds) }),
    },
    body: Buffer.from(JSON.stringify({ status: "error", code: spec.statusCode, message })),
  };
}

/**
 * The HTTP response of a Lambda proxy integration result, or null when the result is malformed (API
 * Gateway then answers 502). `multiValueHeaders` win over `headers` for the same name.
 */
export function proxyResultReply(result: unknown, requestId: string): HttpReply | null {
  if (result === null || typeof result !== "object") return null;
  const { statusCode, headers, multiValueHeaders, body, isBase64Encoded } = result as Record<string, unknown>;
  const status =
    typeof statusCode === "string" && /^\d{3}$/.test(statusCode) ? Number(statusCode) : statusCode;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) return null;
  if (body !== undefined && body !== null && typeof body !== "string") return null;
  const merged: Record<string, string | string[]> = {};
  if (headers !== undefined && headers !== null) {
    if (typeof headers !== "object") return null;
    for (const [name, value] of Object.entries(headers)) {
      if (!isScalar(value)) return null;
      merged[name] = String(value);
    }
  }
  if (multiValueHeaders !== undefined && multiValueHeaders !== null) {
    if (typeof multiValueHeaders !== "object") return null;
    for (const [name, values] of Object.entries(multiValueHeaders)) {
      if (!Array.isArray(values) || !values.every(isScalar)) return null;
      merged[name] = values.map(String);
    }
  }
  merged["x-amzn-RequestId"] = requestId;
  const text = typeof body === "string" ? body : "";
  return {
    statusCode: status,
    headers: merged,
    body: isBase64Encoded === true ? Buffer.from(text, "base64") : Buffer.from(text, "utf8"),
  };
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}
