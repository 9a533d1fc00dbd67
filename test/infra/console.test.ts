import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Template } from "aws-cdk-lib/assertions";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import { AwsSolutionsChecks } from "cdk-nag";
import { ConsoleNotBuiltError } from "../../infra/kyc-attest-app.js";
import { CONSOLE_API_PATH_PATTERN, CSRF_HEADER } from "../../infra/stateless/console-hosting.js";
import { API_STAGE_NAME } from "../../infra/stateless/rest-api.js";
import { consoleFunctions } from "../../infra/topology/console-functions.js";
import { topology as manifest } from "../../infra/topology/manifest.js";
import type { Topology } from "../../infra/topology/types.js";
import { OPERATORS_GROUP } from "../../lambdas/domain/console/sign-in.js";
import { fullTopology } from "./fixtures/full-topology.js";
import { synthesize, type Synthesized } from "./support/synthesize.js";
import {
  crossStackOutputName,
  logicalId,
  describeResource,
  outputNameFor,
  single,
  type CfnResource,
} from "./support/template-queries.js";

const PREFIX = "kyc-attest-test";
const CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

let synthesized: Synthesized;
let template: Template;

beforeAll(() => {
  synthesized = synthesize({ topology: fullTopology });
  template = synthesized.statelessTemplate;
});

function deployedConsole(stacks: Synthesized) {
  if (stacks.stateless.console === undefined || stacks.stateful.console === undefined) {
    throw new Error("the fixture topology has console functions");
  }
  return { ...stacks.stateless.console, userPool: stacks.stateful.console };
}

const resource = (from: Template, id: string): CfnResource => {
  const found = (from.toJSON().Resources as Record<string, CfnResource>)[id];
  if (found === undefined) throw new Error(`no resource ${id}`);
  return found;
};

const distributionConfig = (stacks: Synthesized) => {
  const id = logicalId(deployedConsole(stacks).hosting.distribution, stacks.stateless);
  return resource(stacks.statelessTemplate, id).Properties.DistributionConfig as Record<string, unknown> & {
    Origins: Record<string, unknown>[];
    CacheBehaviors: Record<string, unknown>[];
    DefaultCacheBehavior: Record<string, unknown>;
  };
};

/** What the stateful output a cross-stack reference reads publishes. */
const statefulValue = (reference: unknown): unknown => {
  const outputs = synthesized.statefulTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;
  return outputs[crossStackOutputName(reference) ?? ""]?.Value;
};

const distributionDomain = () => ({
  "Fn::GetAtt": [
    logicalId(deployedConsole(synthesized).hosting.distribution, synthesized.stateless),
    "DomainName",
  ],
});

describe("console: the operators' user pool (stateful stack)", () => {
  test("administrators create users (no self sign-up), who sign in by e-mail with a strong password and TOTP MFA", () => {
    const [, pool] = single(synthesized.statefulTemplate, "AWS::Cognito::UserPool", {
      UserPoolName: `${PREFIX}-console`,
    });
    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ["email"],
      MfaConfiguration: "ON",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      // Plus plan with threat protection enforced: risky and compromised-credential sign-ins are blocked.
      UserPoolTier: "PLUS",
      UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
      DeletionProtection: "ACTIVE",
    });
    expect(pool.DeletionPolicy).toBe("Retain");
  });

  test("an operators group, a hosted UI domain named after the deployment, and the pool id as an output", () => {
    const poolId = logicalId(deployedConsole(synthesized).userPool.userPool, synthesized.stateful);
    synthesized.statefulTemplate.hasResourceProperties("AWS::Cognito::UserPoolGroup", {
      GroupName: OPERATORS_GROUP,
      UserPoolId: { Ref: poolId },
    });
    synthesized.statefulTemplate.hasResourceProperties("AWS::Cognito::UserPoolDomain", {
      Domain: PREFIX,
      UserPoolId: { Ref: poolId },
    });
    synthesized.statefulTemplate.hasOutput("ConsoleUserPoolId", { Value: { Ref: poolId } });
  });

  test("without console functions in the manifest there is no user pool, no hosting and no build to look for", () => {
    const noConsole: Topology = {
      ...fullTopology,
      functions: fullTopology.functions.filter((spec) => spec.needs.consoleSignIn !== true),
    };
    const missing = join(tmpdir(), "kyc-attest-no-console-build");
    const stacks = synthesize({ topology: noConsole, consoleAssetsDir: missing });
    stacks.statefulTemplate.resourceCountIs("AWS::Cognito::UserPool", 0);
    stacks.statelessTemplate.resourceCountIs("AWS::CloudFront::Distribution", 0);
    stacks.statelessTemplate.resourceCountIs("AWS::Cognito::UserPoolClient", 0);
    expect(stacks.stateless.console).toBeUndefined();
  });
});

describe("console: the app client (stateless stack)", () => {
  test("a public client (no secret) on the pool, authorization code flow only, returning to the console", () => {
    const [, client] = single(template, "AWS::Cognito::UserPoolClient", { ClientName: `${PREFIX}-console` });
    const entryPage = { "Fn::Join": ["", ["https://", distributionDomain(), "/console/"]] };
    expect(client.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email", "profile"],
      SupportedIdentityProviders: ["COGNITO"],
      // No password or SRP sign-in through the app: only the hosted UI.
      ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
      CallbackURLs: [entryPage],
      LogoutURLs: [entryPage],
      PreventUserExistenceErrors: "ENABLED",
    });
    const pool = deployedConsole(synthesized).userPool.userPool;
    expect(statefulValue(client.Properties.UserPoolId)).toEqual({
      Ref: logicalId(pool, synthesized.stateful),
    });
  });
});

describe("console: hosting (stateless stack)", () => {
  test("the assets bucket is private, TLS-only, logged to the access-log bucket, and readable only by the distribution", () => {
    const { hosting } = deployedConsole(synthesized);
    const bucketId = logicalId(hosting.bucket, synthesized.stateless);
    const bucket = resource(template, bucketId);
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      LoggingConfiguration: { LogFilePrefix: "console/" },
    });
    expect(
      crossStackOutputName(
        (bucket.Properties.LoggingConfiguration as Record<string, unknown>).DestinationBucketName,
      ),
    ).toBe(
      outputNameFor(synthesized.statefulTemplate, {
        Ref: logicalId(synthesized.stateful.accessLogs, synthesized.stateful),
      }),
    );
    const [, policy] = single(template, "AWS::S3::BucketPolicy", { Bucket: { Ref: bucketId } });
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      ]),
    );
    // The only Allow: CloudFront, for this distribution (Origin Access Control).
    const allows = statements.filter((statement) => statement.Effect === "Allow");
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
    });
    const sourceArn = (allows[0]?.Condition as { StringEquals: Record<string, unknown> }).StringEquals[
      "AWS:SourceArn"
    ];
    expect(describeResource(sourceArn)).toBe(
      `arn:<AWS::Partition>:cloudfront::<AWS::AccountId>:distribution/<${logicalId(hosting.distribution, synthesized.stateless)}>`,
    );
  });

  test("the app is served through Origin Access Control, HTTPS, with logs; app routes run the entry-page function", () => {
    const config = distributionConfig(synthesized);
    const { hosting } = deployedConsole(synthesized);
    const s3Origin = config.Origins.find((origin) => "S3OriginConfig" in origin);
    expect(s3Origin).toMatchObject({
      DomainName: { "Fn::GetAtt": [logicalId(hosting.bucket, synthesized.stateless), "RegionalDomainName"] },
      OriginAccessControlId: { "Fn::GetAtt": [expect.any(String), "Id"] },
      S3OriginConfig: { OriginAccessIdentity: "" },
    });
    template.hasResourceProperties("AWS::CloudFront::OriginAccessControl", {
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: "s3",
        SigningBehavior: "always",
        SigningProtocol: "sigv4",
      },
    });
    expect(config.DefaultCacheBehavior).toMatchObject({
      TargetOriginId: s3Origin?.Id,
      ViewerProtocolPolicy: "redirect-to-https",
      AllowedMethods: ["GET", "HEAD"],
      FunctionAssociations: [{ EventType: "viewer-request", FunctionARN: expect.anything() }],
    });
    expect(config.Logging).toMatchObject({ Prefix: "console/" });
  });

  test("the entry-page function sends / to the app and app routes to index.html, leaving files alone", () => {
    const [, fn] = single(template, "AWS::CloudFront::Function", {});
    const code = (fn.Properties.FunctionCode as string) + "\nreturn handler;";
    const handler = new Function(code)() as (event: unknown) => Record<string, unknown>;
    const viewerRequest = (uri: string) => handler({ request: { uri, headers: {} } });
    expect(viewerRequest("/")).toMatchObject({
      statusCode: 302,
      headers: { location: { value: "/console/" } },
    });
    expect(viewerRequest("/console")).toMatchObject({ statusCode: 302 });
    expect(viewerRequest("/console/")).toMatchObject({ uri: "/console/index.html" });
    expect(viewerRequest("/console/profiles/svc-1/ref-42")).toMatchObject({ uri: "/console/index.html" });
    expect(viewerRequest("/console/assets/index-3f9a.js")).toMatchObject({
      uri: "/console/assets/index-3f9a.js",
    });
    expect(viewerRequest("/console/favicon.svg")).toMatchObject({ uri: "/console/favicon.svg" });
  });

  test("/console/api/* goes uncached to the REST API stage with every method, the cookies and the CSRF header", () => {
    const config = distributionConfig(synthesized);
    const api = synthesized.stateless.restApi?.api;
    if (api === undefined) throw new Error("the fixture has routes");
    const apiOrigin = config.Origins.find((origin) => "CustomOriginConfig" in origin);
    expect(apiOrigin).toMatchObject({
      DomainName: {
        "Fn::Join": [
          "",
          [
            { Ref: logicalId(api, synthesized.stateless) },
            ".execute-api.",
            { Ref: "AWS::Region" },
            ".",
            { Ref: "AWS::URLSuffix" },
          ],
        ],
      },
      OriginPath: `/${API_STAGE_NAME}`,
      CustomOriginConfig: { OriginProtocolPolicy: "https-only", OriginSSLProtocols: ["TLSv1.2"] },
    });
    expect(config.CacheBehaviors).toHaveLength(1);
    const behaviour = config.CacheBehaviors[0]!;
    expect(behaviour).toMatchObject({
      PathPattern: CONSOLE_API_PATH_PATTERN,
      TargetOriginId: apiOrigin?.Id,
      ViewerProtocolPolicy: "https-only",
      AllowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
      CachePolicyId: cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId,
    });
    const requestPolicy = resource(template, (behaviour.OriginRequestPolicyId as { Ref: string }).Ref);
    expect(requestPolicy.Properties.OriginRequestPolicyConfig).toMatchObject({
      CookiesConfig: { CookieBehavior: "all" },
      HeadersConfig: { HeaderBehavior: "whitelist", Headers: expect.arrayContaining([CSRF_HEADER]) },
      QueryStringsConfig: { QueryStringBehavior: "all" },
    });
    // API Gateway routes on its own host name: the viewer's Host must not be forwarded.
    const headers = (
      requestPolicy.Properties.OriginRequestPolicyConfig as { HeadersConfig: { Headers: string[] } }
    ).HeadersConfig.Headers;
    expect(headers.map((header) => header.toLowerCase())).not.toContain("host");
  });

  test("both behaviours answer with the security headers: strict CSP, HSTS, no framing", () => {
    const config = distributionConfig(synthesized);
    const policyId = (config.DefaultCacheBehavior.ResponseHeadersPolicyId as { Ref: string }).Ref;
    expect(config.CacheBehaviors[0]?.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    const headers = (
      resource(template, policyId).Properties.ResponseHeadersPolicyConfig as {
        SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      }
    ).SecurityHeadersConfig;
    const domainOutput = crossStackOutputName(
      (headers.ContentSecurityPolicy?.ContentSecurityPolicy as { "Fn::Join": [string, unknown[]] })[
        "Fn::Join"
      ][1][1],
    );
    // Only the console's own origin, plus the hosted UI's token endpoint the app exchanges its code at.
    expect(describeResource(headers.ContentSecurityPolicy?.ContentSecurityPolicy)).toBe(
      "default-src 'self'; " +
        `connect-src 'self' https://stateful:${domainOutput}.auth.<AWS::Region>.amazoncognito.com; ` +
        "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(statefulValue({ "Fn::GetStackOutput": { OutputName: domainOutput } })).toEqual({
      Ref: logicalId(deployedConsole(synthesized).userPool.domain, synthesized.stateful),
    });
    expect(headers).toMatchObject({
      ContentSecurityPolicy: { Override: true },
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 63_072_000,
        IncludeSubdomains: true,
        Override: true,
      },
      FrameOptions: { FrameOption: "DENY", Override: true },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: "no-referrer", Override: true },
    });
  });

  test("the build is uploaded under console/ and the app's paths are invalidated; the console URL is an output", () => {
    const [, upload] = single(template, "Custom::CDKBucketDeployment", {});
    const { hosting } = deployedConsole(synthesized);
    expect(upload.Properties).toMatchObject({
      DestinationBucketName: { Ref: logicalId(hosting.bucket, synthesized.stateless) },
      DestinationBucketKeyPrefix: "console/",
      Prune: true,
      DistributionId: { Ref: logicalId(hosting.distribution, synthesized.stateless) },
      DistributionPaths: ["/console/*"],
    });
    expect(upload.Properties.SourceObjectKeys).toHaveLength(1);
    template.hasOutput("ConsoleUrl", {
      Value: { "Fn::Join": ["", ["https://", distributionDomain(), "/console/"]] },
    });
  });
});

describe("console: the sign-in functions' environment", () => {
  test("functions with needs.consoleSignIn get the pool, client, hosted UI and console URL; others get none of it", () => {
    const { userPool, appClient } = deployedConsole(synthesized);
    const { console: names } = fullTopology;
    const signingIn = consoleFunctions(fullTopology);
    expect(signingIn.length).toBeGreaterThan(0);
    for (const spec of fullTopology.functions) {
      const [, fn] = single(template, "AWS::Lambda::Function", { FunctionName: `${PREFIX}-${spec.name}` });
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      if (spec.needs.consoleSignIn !== true) {
        for (const name of [
          names.userPoolIdEnv,
          names.userPoolClientIdEnv,
          names.cognitoDomainEnv,
          names.publicUrlEnv,
        ]) {
          expect({ function: spec.name, [name]: variables[name] }).toEqual({ function: spec.name });
        }
        continue;
      }
      expect(statefulValue(variables[names.userPoolIdEnv])).toEqual({
        Ref: logicalId(userPool.userPool, synthesized.stateful),
      });
      expect(variables[names.userPoolClientIdEnv]).toEqual({
        Ref: logicalId(appClient.client, synthesized.stateless),
      });
      // The app client's redirect URL exactly: the config route hands it to the app as `redirectUri`.
      expect(variables[names.publicUrlEnv]).toEqual({
        "Fn::Join": ["", ["https://", distributionDomain(), "/console/"]],
      });
      const domain = variables[names.cognitoDomainEnv] as { "Fn::Join": [string, unknown[]] };
      expect(domain["Fn::Join"][1]).toEqual([
        "https://",
        {
          "Fn::GetStackOutput": expect.objectContaining({
            OutputName: outputNameFor(synthesized.statefulTemplate, {
              Ref: logicalId(userPool.domain, synthesized.stateful),
            }),
          }),
        },
        ".auth.",
        { Ref: "AWS::Region" },
        ".amazoncognito.com",
      ]);
    }
  });

  test("in the real manifest, console-session gets the four variables and the console routes sit behind /console/api/*", () => {
    const stacks = synthesize({ topology: manifest });
    const signingIn = consoleFunctions(manifest).map((spec) => spec.name);
    expect(signingIn).toEqual(["console-session"]);
    const [, session] = single(stacks.statelessTemplate, "AWS::Lambda::Function", {
      FunctionName: `${PREFIX}-console-session`,
    });
    const variables = (session.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining([
        "CONSOLE_USER_POOL_ID",
        "CONSOLE_USER_POOL_CLIENT_ID",
        "CONSOLE_COGNITO_DOMAIN",
        "CONSOLE_PUBLIC_URL",
      ]),
    );
    // Same origin: every console route (the public sign-in ones and the session-authorised ones) is reached
    // through the distribution's API behaviour, and nothing else is.
    const prefix = CONSOLE_API_PATH_PATTERN.slice(0, -1);
    for (const spec of manifest.functions) {
      for (const trigger of spec.triggers) {
        if (trigger.kind !== "http") continue;
        const isConsoleRoute = trigger.auth === "console" || spec.name === "console-session";
        expect({
          route: `${trigger.method} ${trigger.path}`,
          behindConsoleApi: trigger.path.startsWith(prefix),
        }).toEqual({
          route: `${trigger.method} ${trigger.path}`,
          behindConsoleApi: isConsoleRoute,
        });
      }
    }
  });

  test("the manifest names the variables as the console's functions read them", () => {
    expect(manifest.console).toEqual({
      userPoolIdEnv: "CONSOLE_USER_POOL_ID",
      userPoolClientIdEnv: "CONSOLE_USER_POOL_CLIENT_ID",
      cognitoDomainEnv: "CONSOLE_COGNITO_DOMAIN",
      publicUrlEnv: "CONSOLE_PUBLIC_URL",
      assetsDir: "console/dist",
    });
  });
});

describe("console: deployment choices", () => {
  test("synthesis stops with a clear message when the console app is not built", () => {
    const empty = mkdtempSync(join(tmpdir(), "kyc-attest-console-"));
    try {
      expect(() => synthesize({ topology: fullTopology, consoleAssetsDir: empty })).toThrow(
        ConsoleNotBuiltError,
      );
      expect(() => synthesize({ topology: fullTopology, consoleAssetsDir: empty })).toThrow(
        `the console app is not built: ${join(empty, "index.html")} does not exist`,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test("with its own domain the console requires TLS 1.2 (SNI) and cdk-nag needs no TLS acknowledgement", () => {
    const stacks = synthesize({
      topology: fullTopology,
      context: { consoleDomainName: "console.example.org", consoleCertificateArn: CERTIFICATE_ARN },
    });
    const config = distributionConfig(stacks);
    expect(config.Aliases).toEqual(["console.example.org"]);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: CERTIFICATE_ARN,
      MinimumProtocolVersion: "TLSv1.2_2021",
      SslSupportMethod: "sni-only",
    });
    stacks.statelessTemplate.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      CallbackURLs: ["https://console.example.org/console/"],
    });
    const report = new AwsSolutionsChecks().validateScope(stacks.app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
    const acknowledged = JSON.stringify(
      stacks.stateless.node
        .findAll()
        .flatMap((construct) => construct.node.metadata.map((entry) => entry.data)),
    );
    expect(acknowledged).not.toContain("AwsSolutions-CFR4");
    // Without it, the cloudfront.net certificate's TLSv1 floor is an acknowledged finding.
    expect(
      JSON.stringify(synthesized.stateless.node.findAll().flatMap((c) => c.node.metadata.map((e) => e.data))),
    ).toContain("AwsSolutions-CFR4");
    expect(distributionConfig(synthesized).ViewerCertificate).toBeUndefined();
  });
});
