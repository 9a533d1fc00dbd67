import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { createHttpError } from "./http-error.js";

/** The REST proxy event once its body has been size-checked and parsed. */
export type JsonBodyEvent = Omit<APIGatewayProxyEvent, "body"> & { body: unknown };

/**
 * Refuses bodies over `maxBytes` (413) before reading them, and parses JSON (400 when malformed).
 * API Gateway also caps payloads; this keeps the Lambda's own limit explicit and tested.
 */
export function jsonBody(options: { maxBytes: number }): MiddlewareObj<JsonBodyEvent> {
  return {
    name: "json-body",
    before(request) {
      const raw = request.event.body;
      if (raw === null || raw === undefined || raw === "") {
        throw createHttpError(400, "Invalid body: a JSON body is required");
      }
      if (typeof raw !== "string") throw createHttpError(400, "Invalid body: expected a JSON document");
      const text = request.event.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
      if (Buffer.byteLength(text, "utf8") > options.maxBytes) {
        throw createHttpError(413, `Request body exceeds ${options.maxBytes} bytes`);
      }
      try {
        request.event.body = JSON.parse(text) as unknown;
      } catch (cause) {
        throw createHttpError(400, "Invalid body: not valid JSON", { cause });
      }
    },
  };
}
