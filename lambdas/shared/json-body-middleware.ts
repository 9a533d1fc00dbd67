import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { createHttpError } from "./http-error.js";

/** The REST proxy event once its body has been size-checked and parsed. */
export type JsonBodyEvent = Omit<APIGatewayProxyEvent, "body"> & { body: unknown };

/** `application/json` or a `+json` type such as `application/merge-patch+json`, parameters (charset) allowed. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json$/i;

/** The request's `Content-Type`, whatever case the client spelled the header name in. */
function contentTypeOf(headers: APIGatewayProxyEvent["headers"] | null): string | undefined {
  if (headers === null) return undefined;
  const name = Object.keys(headers).find((key) => key.toLowerCase() === "content-type");
  return name === undefined ? undefined : headers[name];
}

/**
 * Refuses anything but a JSON media type (415: a form or text body must not be read as JSON by
 * accident), bodies over `maxBytes` (413) before reading them, and malformed JSON (400).
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
      const mediaType = contentTypeOf(request.event.headers)?.split(";")[0]?.trim() ?? "";
      if (!JSON_MEDIA_TYPE.test(mediaType)) {
        throw createHttpError(
          415,
          `Unsupported Content-Type ${mediaType === "" ? "(none)" : JSON.stringify(mediaType)}: send application/json`,
        );
      }
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
