import { Aws, Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import type * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3assets from "aws-cdk-lib/aws-s3-assets";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { acknowledgeWildcardResource } from "../nag/wildcard-finding.js";
import { API_STAGE_NAME } from "./rest-api.js";

/** The app is built with base `/console/`: its files live under this key prefix and URL path. */
export const CONSOLE_PATH = "/console/";
/** The console's API routes (manifest paths under `/console/api`), served by the REST API on the same origin. */
export const CONSOLE_API_PATH_PATTERN = "/console/api/*";
/** The header the console sends with every state-changing request (double-submit CSRF token). */
export const CSRF_HEADER = "X-CSRF-Token";

const LOG_RETENTION = Duration.days(365);
/** CDK names the singleton function of every BucketDeployment in a stack `Custom::CDKBucketDeployment<uuid>`. */
const BUCKET_DEPLOYMENT_HANDLER_ID = "Custom::CDKBucketDeployment";

export interface ConsoleHostingProps {
  /** The built app (`index.html` and its assets), absolute. */
  readonly assetsDir: string;
  /** Receives the buckets' S3 server access logs (the stateful stack's log bucket). */
  readonly accessLogs: s3.IBucket;
  /** The hosted UI's origin: the app exchanges the authorization code at its token endpoint. */
  readonly cognitoDomainUrl: string;
  readonly logRetentionDays: number;
  /** Serve the console on this name with this ACM certificate (us-east-1); else the cloudfront.net name. */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
}

/**
 * The console on AWS: the built app in a private bucket, read by CloudFront through Origin Access Control,
 * HTTPS only, with a security-headers policy (strict CSP, HSTS, no framing). App routes (`/console/...`
 * without a file extension) serve `/console/index.html`; `/console/api/*` goes uncached to the REST API, so
 * the app and its API share one origin and the `SameSite=Strict` session cookie reaches the API.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly securityHeaders: cloudfront.ResponseHeadersPolicy;
  /** `https://<host>`, without a trailing slash: the console's origin. */
  readonly origin: string;
  /** `https://<host>/console/`: the app's entry page, where users open it and Cognito sends them back. */
  readonly consoleUrl: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, "Assets", {
      // The app's code, no data: S3-managed keys let CloudFront read it without a KMS key grant.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: "console/",
      // CloudFormation cannot delete a non-empty bucket; each deployment uploads the whole app anyway.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const distributionLogs = new s3.Bucket(this, "DistributionLogs", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront standard logs are delivered with an object ACL: the bucket must accept ACLs.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: "console-distribution-logs/",
      lifecycleRules: [{ id: "expire-distribution-logs", expiration: LOG_RETENTION }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.securityHeaders = new cloudfront.ResponseHeadersPolicy(this, "SecurityHeaders", {
      comment: "kyc-attest console: strict CSP, HSTS, no framing, no sniffing, no referrer",
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(props.cognitoDomainUrl),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    const certificate =
      props.customDomain === undefined
        ? undefined
        : acm.Certificate.fromCertificateArn(this, "Certificate", props.customDomain.certificateArn);
    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: "kyc-attest console",
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.securityHeaders,
        compress: true,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, "AppRoutes", {
              comment: "Serves the console's entry page for its client-side routes",
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              code: cloudfront.FunctionCode.fromInline(APP_ROUTES_FUNCTION),
            }),
          },
        ],
      },
      ...(props.customDomain === undefined
        ? {}
        : {
            domainNames: [props.customDomain.domainName],
            certificate,
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            sslSupportMethod: cloudfront.SSLMethod.SNI,
          }),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: distributionLogs,
      logFilePrefix: "console/",
    });
    this.origin = `https://${props.customDomain?.domainName ?? this.distribution.distributionDomainName}`;
    this.consoleUrl = `${this.origin}${CONSOLE_PATH}`;
    this.acknowledgeDistributionFindings(props.customDomain === undefined);

    // The build is staged as a zip in the bootstrap asset bucket, which the upload function reads.
    const build = new s3assets.Asset(this, "Build", { path: props.assetsDir });
    new s3deploy.BucketDeployment(this, "Upload", {
      sources: [s3deploy.Source.bucket(build.bucket, build.s3ObjectKey)],
      destinationBucket: this.bucket,
      destinationKeyPrefix: CONSOLE_PATH.slice(1),
      // Browsers revalidate every file (ETag); the hashed asset names make that a cheap 304.
      cacheControl: [s3deploy.CacheControl.noCache()],
      prune: true,
      distribution: this.distribution,
      distributionPaths: [`${CONSOLE_PATH}*`],
      // Operational logs, kept like the functions' (CDK's default would retain them for two years).
      logGroup: new logs.LogGroup(this, "UploadLogs", {
        retention: props.logRetentionDays as logs.RetentionDays,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    this.acknowledgeUploadFindings(build);
  }

  /**
   * Sends `/console/api/*` to the REST API's stage, uncached, with every method, the cookies, the query
   * string and the CSRF header, but not the viewer's Host (API Gateway routes on its own host name).
   * Only the API's id is referenced, not its stage: the functions (which get `consoleUrl`) stay independent
   * of the distribution's dependencies.
   */
  routeApi(api: apigateway.IRestApi): void {
    const origin = new origins.HttpOrigin(`${api.restApiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
      originPath: `/${API_STAGE_NAME}`,
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    });
    const forwarded = new cloudfront.OriginRequestPolicy(this, "ApiRequests", {
      comment: "kyc-attest console API: session cookie, CSRF header, query string",
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.all(),
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(
        CSRF_HEADER,
        "Content-Type",
        "Accept",
        "Origin",
      ),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
    });
    this.distribution.addBehavior(CONSOLE_API_PATH_PATTERN, origin, {
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: forwarded,
      responseHeadersPolicy: this.securityHeaders,
      compress: true,
    });
  }

  private acknowledgeDistributionFindings(defaultCertificate: boolean): void {
    const distribution = Validations.of(this.distribution);
    distribution.acknowledge({
      id: "AwsSolutions-CFR1",
      reason:
        "Operators and customers sign in from wherever they work; access is controlled by Cognito sign-in " +
        "with MFA and the session cookie, not by country.",
    });
    distribution.acknowledge({
      id: "AwsSolutions-CFR2",
      reason:
        "The console serves a few signed-in users behind Cognito threat protection; a WAF web ACL costs a " +
        "fixed monthly fee at rest. Attach one (webAclId) if abuse from the internet appears.",
    });
    if (defaultCertificate) {
      distribution.acknowledge({
        id: "AwsSolutions-CFR4",
        reason:
          "Without the consoleDomainName/consoleCertificateArn context the console uses the *.cloudfront.net " +
          "certificate, whose policy CloudFront fixes at TLSv1; with them it requires TLS 1.2 (docs/deploying.md).",
      });
    }
  }

  /**
   * BucketDeployment's upload function is CDK's own, a singleton at the stack's root: its runtime, its
   * role and the wildcards CDK grants it (the staged asset, the console bucket, invalidations) are not
   * ours to narrow. It runs only while CloudFormation deploys the stack.
   */
  private acknowledgeUploadFindings(build: s3assets.Asset): void {
    const handler = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith(BUCKET_DEPLOYMENT_HANDLER_ID),
    );
    if (handler === undefined) throw new Error("BucketDeployment's upload function was not found");
    const upload = Validations.of(handler);
    upload.acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "CDK pins the runtime of its BucketDeployment function (Python, with the AWS CLI layer); it follows " +
        "the aws-cdk-lib version, not this project's choice.",
    });
    upload.acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      reason:
        "CDK's BucketDeployment function writes its own logs with the AWS-managed basic execution policy; " +
        "it runs only during deployments.",
    });
    for (const action of ["s3:GetBucket*", "s3:GetObject*", "s3:List*", "s3:Abort*", "s3:DeleteObject*"]) {
      upload.acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          `CDK grants BucketDeployment ${action} to read the staged console build and to replace the ` +
          "previous build in the console bucket (prune); the resources are those two buckets only.",
      });
    }
    upload.acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "CDK grants BucketDeployment cloudfront:CreateInvalidation/GetInvalidation on every distribution; it " +
        "only invalidates the console's paths after an upload.",
    });
    acknowledgeWildcardResource(
      handler,
      this.bucket.arnForObjects("*"),
      "BucketDeployment copies the built console into this bucket and prunes files of older builds: every object.",
    );
    acknowledgeWildcardResource(
      handler,
      build.bucket.arnForObjects("*"),
      "BucketDeployment reads the console build CDK staged in the bootstrap asset bucket (a zip under a hashed key).",
    );
  }
}

/**
 * CloudFront Functions (JS 2.0): `/` and `/console` go to the app; a path under `/console/` whose last
 * segment has no file extension is one of the app's routes, answered by its entry page.
 */
const APP_ROUTES_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === "/" || uri === "/console") {
    return { statusCode: 302, statusDescription: "Found", headers: { location: { value: "${CONSOLE_PATH}" } } };
  }
  if (uri.startsWith("${CONSOLE_PATH}") && uri.split("/").pop().indexOf(".") === -1) {
    request.uri = "${CONSOLE_PATH}index.html";
  }
  return request;
}`;

/**
 * Only the console's own files and API; the one other origin is Cognito's token endpoint, which the app
 * calls to exchange its authorization code (PKCE). No inline scripts, no framing, no plugins.
 */
export function contentSecurityPolicy(cognitoDomainUrl: string): string {
  return [
    "default-src 'self'",
    `connect-src 'self' ${cognitoDomainUrl}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
