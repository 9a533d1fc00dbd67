import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { DeploymentSettings } from "../deployment-settings.js";
import type { ResourceNames } from "../naming.js";
import { TopologyError } from "../topology-validation.js";
import type {
  ApiScope,
  AuthorizerSpec,
  FunctionSpec,
  GatewayResponseSpec,
  GatewayResponseType,
  Topology,
} from "../topology/types.js";

export const API_STAGE_NAME = "v1";

export interface ServiceRestApiProps {
  readonly topology: Topology;
  readonly names: ResourceNames;
  readonly settings: DeploymentSettings;
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
}

/**
 * The REST API from the manifest's `http` triggers: a Lambda proxy integration per route, the manifest's
 * REQUEST authorizer on every scoped route (identity: the manifest's headers, decision cached briefly),
 * the project's error envelope on gateway-generated errors, JSON access logs, stage throttling, one usage
 * plan per scope (the manifest's per-key limits), and execution logs at ERROR only (INFO would log request
 * data). API keys come from the authorizer (`usageIdentifierKey`); with the `perKeyThrottling` setting the
 * keyed routes require one, so each key's usage-plan limit applies.
 */
export class ServiceRestApi extends Construct {
  readonly api: apigateway.RestApi;
  readonly authorizer: apigateway.RequestAuthorizer | undefined;
  /** The console routes' session-cookie authorizer (absent when the console functions are not deployed). */
  readonly consoleAuthorizer: apigateway.RequestAuthorizer | undefined;

  constructor(scope: Construct, id: string, props: ServiceRestApiProps) {
    super(scope, id);
    const { topology, names, settings, functions } = props;
    const accessLogs = new logs.LogGroup(this, "AccessLogs", {
      logGroupName: names.apiAccessLogGroup(),
      retention: settings.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new apigateway.RestApi(this, "Api", {
      restApiName: names.restApi(),
      description: "kyc-attest: intake for identity providers, status for businesses",
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      apiKeySourceType: apigateway.ApiKeySourceType.AUTHORIZER,
      // Access logging needs the account-level CloudWatch role; keep it if this API is ever deleted.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: API_STAGE_NAME,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: false,
        }),
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        throttlingRateLimit: topology.api.stageThrottle.rateLimit,
        throttlingBurstLimit: topology.api.stageThrottle.burstLimit,
      },
    });
    Validations.of(this.api).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
      reason:
        "API Gateway's account-level logging role must carry this AWS-managed policy to write access logs.",
    });
    Validations.of(this.api.deploymentStage).acknowledge({
      id: "AwsSolutions-APIG3",
      reason:
        "Callers are machines holding API keys checked by the authorizer, throttled per stage and usage plan. " +
        "A WAF web ACL costs a fixed monthly fee at rest; attach one to the stage if abuse from the internet appears.",
    });
    this.addGatewayResponses(topology.api.gatewayResponses);
    const validator = this.api.addRequestValidator("Validator", {
      // Bodies are validated by the handlers' zod schemas (same answers locally and on AWS); API Gateway
      // checks the declared parameters (the authorizer's identity headers).
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    this.authorizer = this.requestAuthorizer(
      "Authorizer",
      `${names.prefix}-api-keys`,
      topology.authorizer,
      functions,
    );
    this.consoleAuthorizer = this.requestAuthorizer(
      "ConsoleAuthorizer",
      `${names.prefix}-console-session`,
      topology.consoleAuthorizer,
      functions,
    );

    for (const spec of topology.functions) {
      const handler = functions.get(spec.name);
      if (handler !== undefined) this.addRoutes(spec, handler, validator, topology, settings);
    }
    for (const scope of new Set(routeScopes(topology))) {
      this.api.addUsagePlan(`UsagePlan-${scope}`, {
        name: names.usagePlan(scope),
        description: `Per-key limits for API keys with the ${scope} scope`,
        throttle: topology.api.perKeyThrottle[scope],
        apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
      });
    }
  }

  /** A manifest authorizer as a REQUEST authorizer; undefined when its function is not deployed here. */
  private requestAuthorizer(
    id: string,
    authorizerName: string,
    spec: AuthorizerSpec,
    functions: ReadonlyMap<string, lambda.IFunction>,
  ): apigateway.RequestAuthorizer | undefined {
    const handler = functions.get(spec.functionName);
    if (handler === undefined) return undefined;
    return new apigateway.RequestAuthorizer(this, id, {
      authorizerName,
      handler,
      identitySources: spec.identityHeaders.map((header) => apigateway.IdentitySource.header(header)),
      resultsCacheTtl: Duration.seconds(spec.resultsCacheTtlSeconds),
    });
  }

  private addRoutes(
    spec: FunctionSpec,
    handler: lambda.IFunction,
    validator: apigateway.IRequestValidator,
    topology: Topology,
    settings: DeploymentSettings,
  ): void {
    const integration = new apigateway.LambdaIntegration(handler, {
      timeout: Duration.seconds(topology.api.integrationTimeoutSeconds),
      allowTestInvoke: false,
    });
    for (const trigger of spec.triggers) {
      if (trigger.kind !== "http") continue;
      const resource = this.api.root.resourceForPath(trigger.path);
      if (trigger.auth === "none") {
        const method = resource.addMethod(trigger.method, integration, {
          authorizationType: apigateway.AuthorizationType.NONE,
          requestValidator: validator,
        });
        for (const rule of ["AwsSolutions-APIG4", "AwsSolutions-COG4"]) {
          Validations.of(method).acknowledge({
            id: rule,
            reason: `${trigger.method} ${trigger.path} is public by design in the topology manifest (auth: "none").`,
          });
        }
        continue;
      }
      // Console routes: the session-cookie authorizer and no API key; keyed routes: the API key authorizer.
      const isConsole = trigger.auth === "console";
      const authorizer = isConsole ? this.consoleAuthorizer : this.authorizer;
      const authorizerSpec = isConsole ? topology.consoleAuthorizer : topology.authorizer;
      if (authorizer === undefined) {
        throw new TopologyError([
          `route ${trigger.method} ${trigger.path} needs the authorizer ${authorizerSpec.functionName}`,
        ]);
      }
      const method = resource.addMethod(trigger.method, integration, {
        authorizer,
        authorizationType: apigateway.AuthorizationType.CUSTOM,
        // The key is the authorizer's usageIdentifierKey (API key source AUTHORIZER), never a header.
        apiKeyRequired: !isConsole && settings.perKeyThrottling,
        requestValidator: validator,
        requestParameters: Object.fromEntries(
          authorizerSpec.identityHeaders.map((header) => [`method.request.header.${header}`, true]),
        ),
      });
      Validations.of(method).acknowledge({
        id: "AwsSolutions-COG4",
        reason: isConsole
          ? "Console users sign in with the Cognito user pool (operators, MFA required) or a review key; the sign-in " +
            "issues an HttpOnly session cookie that the console's REQUEST authorizer checks on every request."
          : "Callers are identity providers and businesses using Blockpass-compatible API keys (`Authorization: <key>`), " +
            "checked by the Lambda REQUEST authorizer; there are no Cognito users.",
      });
    }
  }

  private addGatewayResponses(responses: Topology["api"]["gatewayResponses"]): void {
    for (const [type, response] of Object.entries(responses) as [
      GatewayResponseType,
      GatewayResponseSpec,
    ][]) {
      // Without a fixed message, API Gateway's own (already JSON-quoted) message fills the envelope.
      const message =
        response.message === undefined ? "$context.error.messageString" : JSON.stringify(response.message);
      this.api.addGatewayResponse(`Response-${type}`, {
        type: apigateway.ResponseType.of(type),
        statusCode: String(response.statusCode),
        ...(response.retryAfterSeconds === undefined
          ? {}
          : { responseHeaders: { "Retry-After": `'${response.retryAfterSeconds}'` } }),
        templates: {
          "application/json": `{"status":"error","code":${response.statusCode},"message":${message}}`,
        },
      });
    }
  }
}

/** The key scopes routes use (console routes have no API keys, hence no usage plan). */
function routeScopes(topology: Topology): ApiScope[] {
  return topology.functions.flatMap((spec) =>
    spec.triggers.flatMap((trigger) =>
      trigger.kind === "http" && trigger.auth !== "none" && trigger.auth !== "console" ? [trigger.auth] : [],
    ),
  );
}
