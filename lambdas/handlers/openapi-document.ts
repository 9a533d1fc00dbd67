import type { APIGatewayProxyResult } from "aws-lambda";
import { openApiDocument } from "../shared/api-document.js";
import { lazy } from "../shared/lazy.js";

/**
 * `GET /openapi.json` (public): the business API's OpenAPI 3.1 document, generated from the same
 * zod schemas the handlers validate with (the committed `openapi.json` is the same document).
 */
const documentBody = lazy(() => JSON.stringify(openApiDocument()));

export const handler = async (): Promise<APIGatewayProxyResult> => ({
  statusCode: 200,
  headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=300" },
  body: documentBody(),
});
