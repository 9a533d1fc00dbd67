import type { APIGatewayProxyEvent } from "aws-lambda";
import { createHttpError } from "./http-error.js";

/** Who is calling, as the API's Lambda authorizer puts it in `requestContext.authorizer`. */
export interface ServicePrincipal {
  /** The authorizer's principal (API key id); the audit actor id. */
  principalId: string;
  clientId: string;
  /** Space-separated scopes granted to the caller's key, e.g. `intake status`. */
  scopes: readonly string[];
}

/**
 * Reads the injected principal and checks it may act on the path's service with `scope`:
 * 401 without a principal, 403 for another service's path or a missing scope.
 */
export function requireServicePrincipal(
  event: Pick<APIGatewayProxyEvent, "requestContext">,
  pathClientId: string | undefined,
  scope: string,
): ServicePrincipal {
  const authorizer = event.requestContext.authorizer as Record<string, unknown> | null | undefined;
  const clientId = authorizer?.clientId;
  const rawScope = authorizer?.scope;
  if (typeof clientId !== "string" || typeof rawScope !== "string") {
    throw createHttpError(401, "Unauthorized");
  }
  const principalId =
    typeof authorizer?.principalId === "string" ? authorizer.principalId : `service:${clientId}`;
  const principal: ServicePrincipal = {
    principalId,
    clientId,
    scopes: rawScope.split(/\s+/).filter(Boolean),
  };
  if (principal.clientId !== pathClientId) {
    throw createHttpError(403, "Forbidden: the credentials do not belong to this service");
  }
  if (!principal.scopes.includes(scope)) {
    throw createHttpError(403, `Forbidden: the '${scope}' scope is required`);
  }
  return principal;
}
