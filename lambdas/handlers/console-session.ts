import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { ScryptPasswordHasher } from "../adapters/crypto/scrypt-password-hasher.js";
import { CognitoIdTokenVerifier } from "../adapters/cognito/cognito-id-token-verifier.js";
import { DynamoDbConsoleUserStore } from "../adapters/dynamodb/console-user-store.js";
import { createDocumentClient } from "../adapters/dynamodb/document-client.js";
import { SESSION_LIFETIME_SECONDS } from "../domain/console/console-session.js";
import { checkSession } from "../domain/console/session-check.js";
import { signIn, type SignInDeps } from "../domain/console/sign-in.js";
import {
  clearedSessionCookie,
  csrfTokenOf,
  sessionCookie,
  sessionTokenOf,
} from "../shared/console-cookie.js";
import {
  consoleSignInRequest,
  type ConsoleConfig,
  type ConsoleSessionAnswer,
} from "../shared/console-schemas.js";
import { requiredEnv } from "../shared/environment.js";
import { httpErrorResponses } from "../shared/http-error-middleware.js";
import { createHttpError } from "../shared/http-error.js";
import { successResponse } from "../shared/http-response.js";
import { jsonOfBody } from "../shared/json-text.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { parseOrBadRequest } from "../shared/parse-or-bad-request.js";
import { authorizerDepsFromEnv } from "./api-authorizer.js";
import { sessionCheckDepsFromEnv } from "./console-dynamodb.js";

/**
 * The console's public routes:
 * - `GET /console/api/config`: how to sign in here (local password, or the Cognito hosted UI);
 * - `POST /console/api/session`: sign in (operator password locally, Cognito ID token on AWS, a
 *   customer's review key anywhere); answers who signed in and the CSRF token, sets the session cookie;
 * - `DELETE /console/api/session`: sign out (with the CSRF token), clears the cookie.
 *
 * Environment: TABLE_NAME; CONSOLE_USER_POOL_ID, CONSOLE_USER_POOL_CLIENT_ID, CONSOLE_COGNITO_DOMAIN
 * and CONSOLE_PUBLIC_URL on AWS (with a user pool, operators sign in with Cognito only).
 */
const logger = createLogger("console-session");
const metrics = createMetrics("console-session");

export interface ConsoleSessionSettings {
  cognito: { userPoolId: string; clientId: string; domain: string } | null;
  publicUrl: string | null;
}

export function consoleSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ConsoleSessionSettings {
  const userPoolId = env.CONSOLE_USER_POOL_ID ?? "";
  return {
    cognito:
      userPoolId === ""
        ? null
        : {
            userPoolId,
            clientId: requiredEnv("CONSOLE_USER_POOL_CLIENT_ID", env),
            domain: requiredEnv("CONSOLE_COGNITO_DOMAIN", env),
          },
    publicUrl:
      env.CONSOLE_PUBLIC_URL === undefined || env.CONSOLE_PUBLIC_URL === "" ? null : env.CONSOLE_PUBLIC_URL,
  };
}

export function signInDepsFromEnv(
  settings: ConsoleSessionSettings,
  env: NodeJS.ProcessEnv = process.env,
): SignInDeps {
  // One client for the sessions, the accounts and the key check.
  const client = createDocumentClient();
  return {
    ...sessionCheckDepsFromEnv(env, client),
    keys: authorizerDepsFromEnv(env, client),
    ...(settings.cognito === null
      ? {
          passwords: {
            users: new DynamoDbConsoleUserStore(client, requiredEnv("TABLE_NAME", env)),
            hasher: new ScryptPasswordHasher(),
          },
        }
      : { idTokens: new CognitoIdTokenVerifier(settings.cognito.userPoolId, settings.cognito.clientId) }),
  };
}

export function createConsoleSession(settings: ConsoleSessionSettings, deps: () => SignInDeps) {
  // Over HTTPS (AWS) the cookie is Secure; the local stack serves plain HTTP on loopback.
  const secure = settings.publicUrl?.startsWith("https://") ?? false;

  const respond = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    metrics.addMetric(`console_session_${event.httpMethod.toLowerCase()}`, MetricUnit.Count, 1);
    if (event.httpMethod === "GET") return successResponse(200, configOf(settings));
    if (event.httpMethod === "DELETE") return signOut(event);
    const body = parseOrBadRequest(consoleSignInRequest, jsonOfBody(event.body));
    const signedIn = await signIn(deps(), body, event.requestContext.identity?.sourceIp ?? null);
    logger.info("console sign-in", {
      kind: body.kind,
      role: signedIn.principal.role,
      name: signedIn.principal.name,
    });
    metrics.addMetric(`console_sign_in_${body.kind}`, MetricUnit.Count, 1);
    const answer: ConsoleSessionAnswer = {
      me: {
        role: signedIn.principal.role,
        name: signedIn.principal.name,
        clientId: signedIn.principal.role === "customer" ? signedIn.principal.clientId : null,
      },
      csrfToken: signedIn.csrfToken,
    };
    const response = successResponse(200, answer);
    return {
      ...response,
      headers: {
        ...response.headers,
        "Set-Cookie": sessionCookie(signedIn.sessionToken, SESSION_LIFETIME_SECONDS, secure),
      },
    };
  };

  async function signOut(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const sessionToken = sessionTokenOf(event.headers);
    const { sessions, tokens, clock } = deps();
    if (sessionToken !== null) {
      const check = await checkSession(
        { sessions, tokens, clock },
        { sessionToken, csrfToken: csrfTokenOf(event.headers), method: "DELETE" },
      );
      if (check.outcome === "csrf")
        throw createHttpError(403, "Forbidden: the request lacks the session's CSRF token");
      await sessions.delete(tokens.hashOf(sessionToken));
    }
    const response = successResponse(200, { signedOut: true });
    return { ...response, headers: { ...response.headers, "Set-Cookie": clearedSessionCookie(secure) } };
  }

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger, { logEvent: false }))
    .use(logMetrics(metrics))
    .use(httpErrorResponses(logger, metrics))
    .handler(respond);
}

function configOf(settings: ConsoleSessionSettings): ConsoleConfig {
  if (settings.cognito === null || settings.publicUrl === null)
    return { signIn: { operator: "password" }, customer: "api-key" };
  return {
    signIn: {
      operator: "cognito",
      cognito: {
        domain: settings.cognito.domain,
        clientId: settings.cognito.clientId,
        redirectUri: settings.publicUrl,
      },
    },
    customer: "api-key",
  };
}

const settings = consoleSettingsFromEnv();
const deps = lazy(() => signInDepsFromEnv(settings));

export const handler = createConsoleSession(settings, deps);
