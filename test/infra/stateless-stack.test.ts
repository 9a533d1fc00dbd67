import type { Template } from "aws-cdk-lib/assertions";
import { API_STAGE_NAME } from "../../infra/stateless/rest-api.js";
import { invokedFunctionNameEnv } from "../../infra/topology/environment-names.js";
import type { FunctionSpec } from "../../infra/topology/types.js";
import { fullTopology } from "./fixtures/full-topology.js";
import { DEPLOY_CONTEXT, synthesize, type Synthesized } from "./support/synthesize.js";
import {
  crossStackOutputName,
  logicalId,
  outputNameFor,
  resourcesOfType,
  single,
  type CfnResource,
} from "./support/template-queries.js";

const PREFIX = "kyc-attest-test";
let synthesized: Synthesized;
let template: Template;

beforeAll(() => {
  synthesized = synthesize({ topology: fullTopology });
  template = synthesized.statelessTemplate;
});

const functionResource = (name: string) =>
  single(template, "AWS::Lambda::Function", { FunctionName: `${PREFIX}-${name}` });

/** The stateful output a cross-stack reference to `construct`'s attribute reads. */
const statefulOutput = (construct: Parameters<typeof logicalId>[0], attribute: "Arn" | "Ref") => {
  const id = logicalId(construct, synthesized.stateful);
  return outputNameFor(
    synthesized.statefulTemplate,
    attribute === "Ref" ? { Ref: id } : { "Fn::GetAtt": [id, attribute] },
  );
};

describe("stateless stack: functions", () => {
  test("one Node.js 24 ARM64 function per manifest entry, sized as the manifest says", () => {
    // Plus CDK's BucketDeployment function, which uploads the console app.
    template.resourceCountIs("AWS::Lambda::Function", fullTopology.functions.length + 1);
    for (const spec of fullTopology.functions) {
      const [, resource] = functionResource(spec.name);
      expect(resource.Properties).toMatchObject({
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
        LoggingConfig: { LogFormat: "JSON" },
      });
      expect(resource.Properties.ReservedConcurrentExecutions).toBe(spec.reservedConcurrency);
      expect(crossStackOutputName(resource.Properties.KmsKeyArn)).toBe(
        statefulOutput(synthesized.stateful.dataKey, "Arn"),
      );
    }
  });

  test("each function logs to its own log group with the configured retention", () => {
    // Plus the API's access logs and the console upload function's logs.
    template.resourceCountIs("AWS::Logs::LogGroup", fullTopology.functions.length + 2);
    for (const spec of fullTopology.functions) {
      const [logGroupId] = single(template, "AWS::Logs::LogGroup", {
        LogGroupName: `/aws/lambda/${PREFIX}-${spec.name}`,
        RetentionInDays: 90,
      });
      const [, resource] = functionResource(spec.name);
      expect(resource.Properties.LoggingConfig).toEqual({ LogFormat: "JSON", LogGroup: { Ref: logGroupId } });
    }
  });

  test("the environment carries exactly what the manifest says a function needs", () => {
    const environment = (name: string) =>
      (functionResource(name)[1].Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const observability = [
      "POWERTOOLS_SERVICE_NAME",
      "POWERTOOLS_METRICS_NAMESPACE",
      "POWERTOOLS_LOG_LEVEL",
      "NODE_OPTIONS",
    ];

    const attester = environment("attester");
    expect(Object.keys(attester).sort()).toEqual(
      [
        ...observability,
        "TABLE_NAME",
        "CHAIN_SIGNER_KMS_KEY_ID",
        "CHAIN_RPC_URL",
        "CHAIN_ID",
        "REGISTRY_ADDRESS",
        "REGISTRY_SERVICE_ID",
      ].sort(),
    );
    expect(attester).toMatchObject({
      TABLE_NAME: `${PREFIX}-main`,
      CHAIN_RPC_URL: DEPLOY_CONTEXT.rpcUrl,
      CHAIN_ID: DEPLOY_CONTEXT.chainId,
      REGISTRY_ADDRESS: DEPLOY_CONTEXT.registryAddress,
      REGISTRY_SERVICE_ID: DEPLOY_CONTEXT.registryServiceId,
    });
    const chainKey = synthesized.stateful.keys.get("chainSigner");
    if (chainKey === undefined) throw new Error("the fixture has a chain signer key");
    expect(crossStackOutputName(attester.CHAIN_SIGNER_KMS_KEY_ID)).toBe(statefulOutput(chainKey, "Arn"));

    const intake = environment("intake-profile");
    expect(intake.IDENTIFIER_PEPPER).toBe(
      `{{resolve:secretsmanager:${PREFIX}/identifierPepper:SecretString:::}}`,
    );
    const reviewQueue = synthesized.stateful.queues.get("review")?.queue;
    if (reviewQueue === undefined) throw new Error("the fixture has a review queue");
    expect(crossStackOutputName(intake.REVIEW_QUEUE_URL)).toBe(statefulOutput(reviewQueue, "Ref"));

    const jobs = environment("operator-jobs");
    expect(jobs).toMatchObject({
      [invokedFunctionNameEnv("dedup-sweep")]: `${PREFIX}-dedup-sweep`,
      [invokedFunctionNameEnv("archive")]: `${PREFIX}-archive`,
      ARCHIVE_BUCKET: {
        "Fn::Join": ["", [`${PREFIX}-archive-`, { Ref: "AWS::AccountId" }, "-", { Ref: "AWS::Region" }]],
      },
    });
    expect(environment("dedup-sweep")).toMatchObject({ SWEEP_PAGE_SIZE: "1000" });

    // Nothing leaks to functions that do not need it.
    for (const spec of fullTopology.functions) {
      const variables = Object.keys(environment(spec.name));
      expect(variables.includes("IDENTIFIER_PEPPER")).toBe(
        spec.needs.secrets?.includes("identifierPepper") ?? false,
      );
      expect(variables.includes("CHAIN_RPC_URL")).toBe(spec.needs.chain === true);
      expect(variables.includes("REVIEW_QUEUE_URL")).toBe(spec.needs.sendsTo?.includes("review") ?? false);
    }
  });
});

describe("stateless stack: triggers", () => {
  const sqsTriggers = fullTopology.functions.flatMap((spec) =>
    spec.triggers.flatMap((trigger) => (trigger.kind === "sqs" ? [{ spec, trigger }] : [])),
  );
  const scheduleTriggers = fullTopology.functions.flatMap((spec) =>
    spec.triggers.flatMap((trigger) => (trigger.kind === "schedule" ? [{ spec, trigger }] : [])),
  );

  test("each SQS trigger is an event source mapping with its batch size, window and partial batch failures", () => {
    template.resourceCountIs("AWS::Lambda::EventSourceMapping", sqsTriggers.length);
    for (const { spec, trigger } of sqsTriggers) {
      const [functionId] = functionResource(spec.name);
      const [, mapping] = single(template, "AWS::Lambda::EventSourceMapping", {
        FunctionName: { Ref: functionId },
      });
      expect(mapping.Properties).toMatchObject({
        BatchSize: trigger.batchSize,
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      });
      expect(mapping.Properties.MaximumBatchingWindowInSeconds).toBe(
        trigger.maxBatchingWindowSeconds > 0 ? trigger.maxBatchingWindowSeconds : undefined,
      );
      const queue = synthesized.stateful.queues.get(trigger.queue)?.queue;
      if (queue === undefined) throw new Error(`no queue ${trigger.queue}`);
      expect(crossStackOutputName(mapping.Properties.EventSourceArn)).toBe(statefulOutput(queue, "Arn"));
    }
  });

  test("each schedule trigger is an EventBridge Scheduler schedule sending a Scheduled Event to its function", () => {
    template.resourceCountIs("AWS::Scheduler::Schedule", scheduleTriggers.length);
    for (const { spec, trigger } of scheduleTriggers) {
      const [functionId] = functionResource(spec.name);
      const [, schedule] = single(template, "AWS::Scheduler::Schedule", {
        ScheduleExpression: trigger.expression,
        Target: { Arn: { "Fn::GetAtt": [functionId, "Arn"] } },
      });
      expect(schedule.Properties).toMatchObject({
        Description: trigger.description,
        FlexibleTimeWindow: { Mode: "OFF" },
        Target: { RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } },
      });
      const input = JSON.stringify((schedule.Properties.Target as { Input: unknown }).Input);
      expect(input).toContain('\\"detail-type\\":\\"Scheduled Event\\"');
      expect(input).toContain('\\"time\\":\\"<aws.scheduler.scheduled-time>\\"');
    }
    expect(scheduleTriggers.map(({ trigger }) => trigger.expression)).toEqual([
      "rate(12 hours)",
      "rate(1 day)",
    ]);
  });
});

describe("stateless stack: REST API", () => {
  const routes = fullTopology.functions.flatMap((spec) =>
    spec.triggers.flatMap((trigger) => (trigger.kind === "http" ? [{ spec, trigger }] : [])),
  );

  /** `/a/{b}/c` for an API Gateway resource, by walking its parents. */
  function resourcePath(resourceRef: unknown, resources: Record<string, CfnResource>): string {
    const id = (resourceRef as { Ref?: string }).Ref;
    if (id === undefined) return "";
    const resource = resources[id];
    if (resource === undefined) throw new Error(`no resource ${id}`);
    return `${resourcePath(resource.Properties.ParentId, resources)}/${String(resource.Properties.PathPart)}`;
  }

  test("each http trigger is a method on its path, proxied to its function, authorised by scope", () => {
    template.resourceCountIs("AWS::ApiGateway::Method", routes.length);
    const resources = resourcesOfType(template, "AWS::ApiGateway::Resource");
    const methods = Object.values(resourcesOfType(template, "AWS::ApiGateway::Method"));
    const [authorizerId] = single(template, "AWS::ApiGateway::Authorizer", { Name: `${PREFIX}-api-keys` });
    const [consoleAuthorizerId] = single(template, "AWS::ApiGateway::Authorizer", {
      Name: `${PREFIX}-console-session`,
    });
    expect(routes.some(({ trigger }) => trigger.auth === "console")).toBe(true);
    for (const { spec, trigger } of routes) {
      const method = methods.find(
        (candidate) =>
          candidate.Properties.HttpMethod === trigger.method &&
          resourcePath(candidate.Properties.ResourceId, resources) === trigger.path,
      );
      expect(method).toBeDefined();
      const [functionId] = functionResource(spec.name);
      expect(JSON.stringify(method?.Properties.Integration)).toContain(`"${functionId}"`);
      expect(method?.Properties.Integration).toMatchObject({ Type: "AWS_PROXY", TimeoutInMillis: 29_000 });
      if (trigger.auth === "none") {
        expect(method?.Properties).toMatchObject({ AuthorizationType: "NONE" });
      } else if (trigger.auth === "console") {
        expect(method?.Properties).toMatchObject({
          AuthorizationType: "CUSTOM",
          AuthorizerId: { Ref: consoleAuthorizerId },
          RequestParameters: { "method.request.header.Cookie": true },
        });
      } else {
        expect(method?.Properties).toMatchObject({
          AuthorizationType: "CUSTOM",
          AuthorizerId: { Ref: authorizerId },
          RequestParameters: { "method.request.header.Authorization": true },
        });
      }
    }
  });

  test("the REQUEST authorizer is the manifest's function, keyed on its identity headers, cached briefly", () => {
    const [authorizerFunctionId] = functionResource(fullTopology.authorizer.functionName);
    const [, authorizer] = single(template, "AWS::ApiGateway::Authorizer", { Name: `${PREFIX}-api-keys` });
    expect(authorizer.Properties).toMatchObject({
      Type: "REQUEST",
      IdentitySource: "method.request.header.Authorization",
      AuthorizerResultTtlInSeconds: fullTopology.authorizer.resultsCacheTtlSeconds,
    });
    expect(JSON.stringify(authorizer.Properties.AuthorizerUri)).toContain(`"${authorizerFunctionId}"`);
  });

  test("gateway errors use the project's error envelope", () => {
    const responses = Object.entries(fullTopology.api.gatewayResponses);
    template.resourceCountIs("AWS::ApiGateway::GatewayResponse", responses.length);
    for (const [type, response] of responses) {
      const message =
        response.message === undefined ? "$context.error.messageString" : JSON.stringify(response.message);
      template.hasResourceProperties("AWS::ApiGateway::GatewayResponse", {
        ResponseType: type,
        StatusCode: String(response.statusCode),
        ResponseTemplates: {
          "application/json": `{"status":"error","code":${response.statusCode},"message":${message}}`,
        },
        ...(response.retryAfterSeconds === undefined
          ? {}
          : {
              ResponseParameters: { "gatewayresponse.header.Retry-After": `'${response.retryAfterSeconds}'` },
            }),
      });
    }
  });

  test("the stage logs access as JSON, executes at ERROR level without data traces, and is throttled", () => {
    const [, stage] = single(template, "AWS::ApiGateway::Stage", { StageName: API_STAGE_NAME });
    expect(stage.Properties).toMatchObject({
      AccessLogSetting: { Format: expect.stringContaining('"requestId":"$context.requestId"') },
      MethodSettings: [
        {
          HttpMethod: "*",
          ResourcePath: "/*",
          LoggingLevel: "ERROR",
          DataTraceEnabled: false,
          MetricsEnabled: true,
          ThrottlingRateLimit: fullTopology.api.stageThrottle.rateLimit,
          ThrottlingBurstLimit: fullTopology.api.stageThrottle.burstLimit,
        },
      ],
    });
    template.hasResourceProperties("AWS::Logs::LogGroup", {
      LogGroupName: `/aws/apigateway/${PREFIX}-api/access`,
    });
    template.hasResourceProperties("AWS::ApiGateway::RestApi", { ApiKeySourceType: "AUTHORIZER" });
    template.hasResourceProperties("AWS::ApiGateway::RequestValidator", {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
  });

  test("one usage plan per scope in use, on the stage, with the manifest's per-key limit", () => {
    const scopes = new Set(
      routes.flatMap(({ trigger }) =>
        trigger.auth === "none" || trigger.auth === "console" ? [] : [trigger.auth],
      ),
    );
    expect(scopes.size).toBeGreaterThan(1);
    template.resourceCountIs("AWS::ApiGateway::UsagePlan", scopes.size);
    const [stageId] = single(template, "AWS::ApiGateway::Stage", { StageName: API_STAGE_NAME });
    for (const scope of scopes) {
      const [, plan] = single(template, "AWS::ApiGateway::UsagePlan", {
        UsagePlanName: `${PREFIX}-${scope}`,
      });
      expect(plan.Properties).toMatchObject({
        Throttle: {
          RateLimit: fullTopology.api.perKeyThrottle[scope].rateLimit,
          BurstLimit: fullTopology.api.perKeyThrottle[scope].burstLimit,
        },
        ApiStages: [{ Stage: { Ref: stageId } }],
      });
    }
  });

  /** Whether each method requires an API key, by route (keyed: behind the API key authorizer, not the console's). */
  const apiKeyRequirements = (stack: Template) => {
    const [keyAuthorizerId] = single(stack, "AWS::ApiGateway::Authorizer", { Name: `${PREFIX}-api-keys` });
    return Object.values(resourcesOfType(stack, "AWS::ApiGateway::Method")).map((method) => ({
      keyed: JSON.stringify(method.Properties.AuthorizerId) === JSON.stringify({ Ref: keyAuthorizerId }),
      apiKeyRequired: method.Properties.ApiKeyRequired === true,
    }));
  };

  test("without the perKeyThrottling setting no route requires an API key (stage limits only)", () => {
    expect(apiKeyRequirements(template).every(({ apiKeyRequired }) => !apiKeyRequired)).toBe(true);
  });

  test("with perKeyThrottling every keyed route requires the authorizer's API key, public and console routes none", () => {
    const throttled = synthesize({ topology: fullTopology, context: { perKeyThrottling: "true" } });
    const requirements = apiKeyRequirements(throttled.statelessTemplate);
    expect(requirements.some(({ keyed }) => keyed)).toBe(true);
    expect(requirements.some(({ keyed }) => !keyed)).toBe(true);
    for (const { keyed, apiKeyRequired } of requirements) expect(apiKeyRequired).toBe(keyed);
    throttled.statelessTemplate.hasResourceProperties("AWS::ApiGateway::RestApi", {
      ApiKeySourceType: "AUTHORIZER",
    });
  });
});

describe("stateless stack: alarms and operator access", () => {
  const alarms = () => Object.values(resourcesOfType(template, "AWS::CloudWatch::Alarm"));
  const alarmsOn = (metricName: string) =>
    alarms().filter((alarm) => alarm.Properties.MetricName === metricName);

  test("an alarm per dead-letter queue (any message), per function (any error), per FIFO queue (lag), per attester alarm metric", () => {
    const fifoQueues = fullTopology.queues.filter((queue) => queue.fifo);
    // Plus the attester's two alarm metrics and the support desk's two SLA alarms (breached, at risk).
    expect(alarms()).toHaveLength(
      fullTopology.queues.length + fifoQueues.length + fullTopology.functions.length + 2 + 2,
    );
    for (const metricName of ["ChainNonceGap", "ChainBatchFailed"]) {
      expect(alarmsOn(metricName).map((alarm) => alarm.Properties)).toEqual([
        expect.objectContaining({
          Namespace: "KycAttest",
          Dimensions: expect.arrayContaining([
            { Name: "service", Value: "kyc-attest" },
            { Name: "component", Value: "attester" },
          ]),
          Threshold: 0,
          Statistic: "Sum",
        }),
      ]);
    }
    expect(alarmsOn("SupportTicketsBreached")[0]?.Properties).toMatchObject({
      Namespace: "KycAttest",
      Threshold: 0,
      Dimensions: [
        { Name: "component", Value: "support-sla-check" },
        { Name: "service", Value: "kyc-attest" },
      ],
    });
    expect(alarmsOn("SupportTicketsAtRisk")).toHaveLength(1);

    const deadLetterAlarms = alarmsOn("ApproximateNumberOfMessagesVisible");
    expect(deadLetterAlarms).toHaveLength(fullTopology.queues.length);
    for (const queue of fullTopology.queues) {
      const stateful = synthesized.stateful.queues.get(queue.id);
      if (stateful === undefined) throw new Error(`no queue ${queue.id}`);
      const output = outputNameFor(synthesized.statefulTemplate, {
        "Fn::GetAtt": [logicalId(stateful.deadLetterQueue, synthesized.stateful), "QueueName"],
      });
      const alarm = deadLetterAlarms.find(
        (candidate) =>
          crossStackOutputName((candidate.Properties.Dimensions as { Value: unknown }[])[0]?.Value) ===
          output,
      );
      expect(alarm?.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: "GreaterThanThreshold" });
    }

    const lagAlarms = alarmsOn("ApproximateAgeOfOldestMessage");
    expect(lagAlarms.map((alarm) => alarm.Properties.AlarmName)).toEqual(
      fifoQueues.map((queue) => `${PREFIX}-${queue.id}-lag`),
    );
    expect(lagAlarms[0]?.Properties).toMatchObject({ Threshold: 300, EvaluationPeriods: 3 });

    const errorAlarms = alarmsOn("Errors");
    for (const spec of fullTopology.functions) {
      const [functionId] = functionResource(spec.name);
      const alarm = errorAlarms.find(
        (candidate) =>
          JSON.stringify(candidate.Properties.Dimensions) ===
          JSON.stringify([{ Name: "FunctionName", Value: { Ref: functionId } }]),
      );
      expect(alarm?.Properties).toMatchObject({ Threshold: 0, Statistic: "Sum" });
    }

    const topicOutput = outputNameFor(synthesized.statefulTemplate, {
      Ref: logicalId(synthesized.stateful.alarmTopic, synthesized.stateful),
    });
    for (const alarm of alarms()) {
      expect((alarm.Properties.AlarmActions as unknown[]).map(crossStackOutputName)).toEqual([topicOutput]);
    }
  });

  test("operators may invoke exactly the functions the manifest marks invocable", () => {
    const invocable = (spec: FunctionSpec) => spec.triggers.some((trigger) => trigger.kind === "invoke");
    const [, policy] = single(template, "AWS::IAM::ManagedPolicy", {
      ManagedPolicyName: `${PREFIX}-operator-invoke`,
    });
    const [statement] = (
      policy.Properties.PolicyDocument as { Statement: { Action: string; Resource: unknown[] }[] }
    ).Statement;
    expect(statement?.Action).toBe("lambda:InvokeFunction");
    const byJson = (values: readonly unknown[]) => values.map((value) => JSON.stringify(value)).sort();
    expect(byJson(statement?.Resource ?? [])).toEqual(
      byJson(
        fullTopology.functions
          .filter(invocable)
          .map((spec) => ({ "Fn::GetAtt": [functionResource(spec.name)[0], "Arn"] })),
      ),
    );
  });
});
