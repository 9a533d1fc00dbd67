/**
 * The account, region and credentials of the local stack. The emulators accept any credentials; fixed
 * values keep ARNs and URLs stable, and DynamoDB Local runs with `-sharedDb` so every client sees the
 * same tables whatever credentials it signs with.
 */
export const LOCAL_REGION = "us-east-1";
export const LOCAL_ACCOUNT_ID = "000000000000";
export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;

/** The API's id and stage in ARNs and request contexts (`arn:aws:execute-api:…:local-api/local/…`). */
export const LOCAL_API_ID = "local-api";
export const LOCAL_STAGE = "local";

/** Client settings for SDK clients pointed at a local emulator. */
export function localClientConfig(endpoint: string) {
  return { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, endpoint };
}

export function functionArn(name: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${name}`;
}
