import { createHttpError } from "./http-error.js";

/** A request body that must be JSON (400 when it is missing or malformed), for routes that mix methods. */
export function jsonOfBody(body: string | null): unknown {
  if (body === null || body === "") throw createHttpError(400, "Invalid body: a JSON body is required");
  try {
    return JSON.parse(body) as unknown;
  } catch (cause) {
    throw createHttpError(400, "Invalid body: not valid JSON", { cause });
  }
}
