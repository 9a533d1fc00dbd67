import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { RefKeySalt } from "../adapters/chain/refkey-salt.js";
import { createDocumentClient } from "../adapters/dynamodb/document-client.js";
import { DynamoDbServiceRepository } from "../adapters/dynamodb/service-repository.js";
import {
  readOnchainCoordinates,
  type OnchainCoordinatesDeps,
} from "../domain/business-api/onchain-coordinates.js";
import { positiveIntegerEnv, requiredEnv } from "../shared/environment.js";
import { successResponse } from "../shared/http-response.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { requireServicePrincipal } from "../shared/service-principal.js";
import { businessApiRead } from "./status-throttling.js";

/**
 * `GET /kyc/1.0/connect/{clientId}/onchain` (scope `status`): the service's own on-chain
 * coordinates and refKey salt, so the business can check `isIssuedFor(serviceId, wallet, refKey)`
 * for its refIds. Managed (on-chain) plans only.
 *
 * Environment: TABLE_NAME, REFKEY_PEPPER, CHAIN_ID, REGISTRY_ADDRESS.
 */
const logger = createLogger("status-onchain");
const metrics = createMetrics("status-onchain");

export function createStatusOnchain(deps: () => OnchainCoordinatesDeps) {
  const respond = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const principal = requireServicePrincipal(event, event.pathParameters?.clientId, "status");
    const coordinates = await readOnchainCoordinates(deps(), principal.clientId);
    metrics.addMetric("onchain_coordinates_read", MetricUnit.Count, 1);
    return successResponse(200, coordinates);
  };
  return businessApiRead(logger, metrics, respond);
}

export function onchainCoordinatesDepsFromEnv(env: NodeJS.ProcessEnv = process.env): OnchainCoordinatesDeps {
  const services = new DynamoDbServiceRepository(createDocumentClient(), requiredEnv("TABLE_NAME", env));
  const salt = RefKeySalt.fromSecret(env.REFKEY_PEPPER);
  return {
    getService: (clientId) => services.get(clientId),
    saltOf: (clientId) => salt.saltOf(clientId),
    chain: {
      chainId: positiveIntegerEnv("CHAIN_ID", 31337, env),
      registryAddress: requiredEnv("REGISTRY_ADDRESS", env),
    },
  };
}

export const handler = createStatusOnchain(lazy(() => onchainCoordinatesDepsFromEnv()));
