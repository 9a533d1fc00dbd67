import { NotEntitledError } from "../errors.js";

/** A signed-in console user asked for something its role or service does not cover (HTTP 403). */
export class ConsoleAccessDeniedError extends NotEntitledError {
  override readonly name: string = "ConsoleAccessDeniedError";
}
