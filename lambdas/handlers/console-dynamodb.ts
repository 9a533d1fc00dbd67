import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { RandomSessionTokens } from "../adapters/crypto/random-session-tokens.js";
import { DynamoDbConsoleSessionStore } from "../adapters/dynamodb/console-session-store.js";
import { createDocumentClient } from "../adapters/dynamodb/document-client.js";
import { SystemClock } from "../adapters/system/system-clock.js";
import type { ConsoleSessionStore, SessionTokens } from "../domain/console/ports.js";
import type { Clock } from "../domain/ports.js";
import { requiredEnv } from "../shared/environment.js";

export interface SessionCheckDeps {
  sessions: ConsoleSessionStore;
  tokens: SessionTokens;
  clock: Clock;
}

/** The console's session store in TABLE_NAME, with the token functions and the clock that check it. */
export function sessionCheckDepsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  client: DynamoDBDocumentClient = createDocumentClient(),
): SessionCheckDeps {
  return {
    sessions: new DynamoDbConsoleSessionStore(client, requiredEnv("TABLE_NAME", env)),
    tokens: new RandomSessionTokens(),
    clock: new SystemClock(),
  };
}
