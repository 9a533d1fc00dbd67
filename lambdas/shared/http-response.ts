import type { APIGatewayProxyResult } from "aws-lambda";

const JSON_HEADERS = { "Content-Type": "application/json", "Cache-Control": "no-store" } as const;

/** `{ "status": "success", "data": ... }`, the Blockpass-style success envelope. */
export function successResponse(statusCode: number, data: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS }, body: JSON.stringify({ status: "success", data }) };
}

/** `{ "status": "error", "code": <http code>, "message": "..." }`. */
export function errorResponse(statusCode: number, message: string): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { ...JSON_HEADERS },
    body: JSON.stringify({ status: "error", code: statusCode, message }),
  };
}
