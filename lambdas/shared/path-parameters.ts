import type { APIGatewayProxyEvent } from "aws-lambda";
import { createHttpError } from "./http-error.js";
import { CLIENT_ID_PATTERN, REF_ID_PATTERN } from "./intake-schemas.js";

type WithPath = Pick<APIGatewayProxyEvent, "pathParameters">;

function pathParameter(event: WithPath, name: string, pattern: RegExp): string {
  const value = event.pathParameters?.[name];
  if (value === undefined || !pattern.test(value)) {
    throw createHttpError(400, `Invalid path.${name}: must match ${pattern.source}`);
  }
  return value;
}

export const clientIdFromPath = (event: WithPath): string =>
  pathParameter(event, "clientId", CLIENT_ID_PATTERN);
export const refIdFromPath = (event: WithPath): string => pathParameter(event, "refId", REF_ID_PATTERN);
