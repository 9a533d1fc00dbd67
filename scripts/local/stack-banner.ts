import type { Topology } from "../../infra/topology/types.js";
import { formatTable } from "../lib/table.js";
import type { LocalScheduler } from "./scheduler.js";
import type { StackInfo } from "./stack-info.js";
import { LOCAL_CONSOLE_OPERATOR } from "./console-operator.js";

/** What is running where, printed once the stack is up. */
export function formatStackBanner(
  info: StackInfo,
  topology: Pick<Topology, "functions">,
  scheduler: Pick<LocalScheduler, "nextFireTimes">,
  stackFile: string,
): string {
  const servers = formatTable([
    ["server", "address"],
    ["Console (operators, customer reviewers)", info.consoleUrl],
    ["API (API Gateway REST)", info.apiUrl],
    ["Lambda Invoke endpoint", info.lambdaEndpoint],
    ["Hardhat node (JSON-RPC)", `${info.rpcUrl}  chain ${info.chainId}`],
    ["KycRegistry", `${info.registryAddress}  service ${info.registryServiceId}`],
    ["DynamoDB Local", info.dynamodbEndpoint],
    ["fauxqs (SQS and S3)", info.sqsEndpoint],
    ["Mail server (SMTP)", info.smtpUrl],
    ["Local mailbox (what users were e-mailed)", `GET ${info.mailUrl}`],
  ]);
  const nextRuns = new Map(scheduler.nextFireTimes().map((entry) => [entry.functionName, entry.at]));
  const functions = formatTable([
    ["function", "triggers"],
    ...topology.functions.map((spec) => [
      spec.name,
      spec.triggers
        .map((trigger) => {
          switch (trigger.kind) {
            case "http":
              return `${trigger.method} ${trigger.path}${trigger.auth === "none" ? "" : trigger.auth === "console" ? " (console session)" : ` (key: ${trigger.auth})`}`;
            case "sqs":
              return `SQS ${trigger.queue} (batch ${trigger.batchSize})`;
            case "schedule":
              return `${trigger.expression}, next ${nextRuns.get(spec.name)?.toISOString() ?? "-"}`;
            case "invoke":
              return "Lambda Invoke";
          }
        })
        .join("; ") || "API authorizer",
    ]),
  ]);
  return `${servers}\n\n${functions}\n\n${formatConsoleSignIn(info)}\n\nEndpoints written to ${stackFile}`;
}

/** The local console's documented sign-in (docs/console.md). */
export function formatConsoleSignIn(info: Pick<StackInfo, "consoleUrl" | "consoleOperator">): string {
  return [
    `Console: ${info.consoleUrl}`,
    `  operator sign-in: ${info.consoleOperator} / ${LOCAL_CONSOLE_OPERATOR.password}`,
    "  customer sign-in: a pay-as-you-go or self-managed service's client id and a review-scope API key",
  ].join("\n");
}

/** The client id the "Try it" commands create (a demo run uses its own). */
export const TRY_IT_CLIENT_ID = "try-it";

/**
 * Commands that work as pasted into a shell in the project folder while the stack runs, with nothing
 * filled in by hand: create a pay-as-you-go service and an intake and a status key with the operator CLI
 * (keys kept in shell variables), submit a profile and its certificates, read its status, run the dedup
 * sweep. The CLI is pointed at this stack's Invoke endpoint explicitly.
 */
export function formatCurlExamples(info: StackInfo, clientId: string = TRY_IT_CLIENT_ID): string {
  const ops = `npm run -s ops -- --endpoint ${info.lambdaEndpoint}`;
  const apiKeyOf = (scope: string) =>
    `$(${ops} key create --client-id ${clientId} --scope ${scope} --json | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).apiKey')`;
  const profile = JSON.stringify({
    refId: "curl-user-1",
    wallet: "0x52908400098527886E0F7030069857D2E4169EE7",
    identity: {
      givenName: "Ana",
      familyName: "Pereira",
      dob: "1990-04-01",
      nationality: "PRT",
      email: "ana@example.com",
    },
    documents: [{ type: "passport", number: "CA 123-456", country: "PRT" }],
  });
  const certificates = JSON.stringify({
    certificates: [
      { name: "identity-document", status: "CLEAR", checks: [] },
      { name: "selfie", status: "CLEAR", checks: [] },
      { name: "aml", status: "CLEAR", checks: [], aml: { hits: [] } },
    ],
  });
  const scheduledEvent = JSON.stringify({ "detail-type": "Scheduled Event", time: "2026-01-01T00:00:00Z" });
  return [
    "Try it (paste into a shell in this folder while the stack runs):",
    "",
    "  # a pay-as-you-go service, and an intake key and a status key for it (the operator CLI)",
    `  ${ops} service create --client-id ${clientId} --name 'Try it' --plan payg`,
    `  INTAKE_KEY=${apiKeyOf("intake")}`,
    `  STATUS_KEY=${apiKeyOf("status")}`,
    "",
    "  # submit a profile, then its certificates (the bots decide within a second or two)",
    `  curl -s -X POST ${info.apiUrl}/intake/1.0/${clientId}/profiles \\`,
    `    -H "Authorization: $INTAKE_KEY" -H 'Content-Type: application/json' \\`,
    `    -d '${profile}'`,
    `  curl -s -X POST ${info.apiUrl}/intake/1.0/${clientId}/profiles/curl-user-1/certificates \\`,
    `    -H "Authorization: $INTAKE_KEY" -H 'Content-Type: application/json' \\`,
    `    -d '${certificates}'`,
    "",
    "  # what the business sees: the status API",
    `  curl -s ${info.apiUrl}/kyc/1.0/connect/${clientId}/refId/curl-user-1 -H "Authorization: $STATUS_KEY"`,
    "",
    "  # what the user was e-mailed: the local mailbox (the notifier sends to the in-process SMTP server)",
    `  curl -s '${info.mailUrl}?to=ana@example.com'`,
    "",
    "  # run the dedup sweep now through the Lambda Invoke API (what the operator CLI calls)",
    `  curl -s -X POST ${info.lambdaEndpoint}/2015-03-31/functions/dedup-sweep/invocations \\`,
    `    -d '${scheduledEvent}'`,
  ].join("\n");
}
