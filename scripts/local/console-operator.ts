import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ScryptPasswordHasher } from "../../lambdas/adapters/crypto/scrypt-password-hasher.js";
import { DynamoDbConsoleUserStore } from "../../lambdas/adapters/dynamodb/console-user-store.js";

/**
 * The local stack's console operator. Documented (docs/console.md) and printed at start-up: the local
 * stack listens on loopback only, and its data is made up. Stored as a scrypt hash like any account.
 */
export const LOCAL_CONSOLE_OPERATOR = {
  username: "operator@kyc-attest.localhost",
  password: "local-operator",
} as const;

export async function seedConsoleOperator(
  documents: DynamoDBDocumentClient,
  tableName: string,
  operator: { username: string; password: string },
): Promise<void> {
  const users = new DynamoDbConsoleUserStore(documents, tableName);
  await users.put({
    username: operator.username,
    passwordHash: await new ScryptPasswordHasher().hash(operator.password),
    createdAt: new Date().toISOString(),
  });
}
