import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { topology as manifest } from "../../infra/topology/manifest.js";
import {
  cdkJsonContext,
  CONSOLE_FIXTURE_DIR,
  DEPLOY_CONTEXT,
  REPOSITORY_ROOT,
  synthesize,
} from "./support/synthesize.js";
import { resourcesOfType, single } from "./support/template-queries.js";

const PREFIX = `kyc-attest-${DEPLOY_CONTEXT.stage}`;

/**
 * The CDK side of the drift guarantee: every function in the manifest is deployed, with every trigger.
 * (The local runtime's side is test/unit/local/manifest-served.test.ts.)
 */
describe("the topology manifest, deployed by CDK", () => {
  test("every manifest function is a Lambda function with its triggers, and nothing else is", () => {
    const { statelessTemplate: template } = synthesize({ topology: manifest });
    const deployed = Object.values(resourcesOfType(template, "AWS::Lambda::Function")).map(
      (resource) => resource.Properties.FunctionName,
    );
    expect(deployed.sort()).toEqual(manifest.functions.map((spec) => `${PREFIX}-${spec.name}`).sort());

    const methods = Object.values(resourcesOfType(template, "AWS::ApiGateway::Method"));
    for (const spec of manifest.functions) {
      const [functionId] = single(template, "AWS::Lambda::Function", {
        FunctionName: `${PREFIX}-${spec.name}`,
      });
      const invokesFunction = (value: unknown) => JSON.stringify(value).includes(`"${functionId}"`);
      for (const trigger of spec.triggers) {
        const served = {
          http: () =>
            methods.some(
              (method) =>
                trigger.kind === "http" &&
                method.Properties.HttpMethod === trigger.method &&
                invokesFunction(method.Properties.Integration),
            ),
          sqs: () =>
            Object.values(resourcesOfType(template, "AWS::Lambda::EventSourceMapping")).some((mapping) =>
              invokesFunction(mapping.Properties.FunctionName),
            ),
          schedule: () =>
            Object.values(resourcesOfType(template, "AWS::Scheduler::Schedule")).some(
              (schedule) =>
                trigger.kind === "schedule" &&
                schedule.Properties.ScheduleExpression === trigger.expression &&
                invokesFunction(schedule.Properties.Target),
            ),
          // Invoked through the Lambda API: deployed is served; operators get the right to call it.
          invoke: () =>
            Object.values(resourcesOfType(template, "AWS::IAM::ManagedPolicy")).some((policy) =>
              invokesFunction(policy.Properties.PolicyDocument),
            ),
        }[trigger.kind]();
        expect({ fn: spec.name, trigger: trigger.kind, served }).toEqual({
          fn: spec.name,
          trigger: trigger.kind,
          served: true,
        });
      }
    }
  });

  test("`cdk synth` of infra/app.ts succeeds offline: CloudFormation validation and cdk-nag included", () => {
    const outdir = mkdtempSync(join(tmpdir(), "kyc-attest-synth-"));
    try {
      const { NODE_ENV: _testMode, ...environment } = process.env;
      // What the CDK CLI hands the app: context (cdk.json + -c values) and the output directory.
      const result = spawnSync(process.execPath, ["--import", "tsx", "infra/app.ts"], {
        cwd: REPOSITORY_ROOT,
        encoding: "utf8",
        env: {
          ...environment,
          CDK_OUTDIR: outdir,
          CDK_CONTEXT_JSON: JSON.stringify({
            ...cdkJsonContext(),
            ...DEPLOY_CONTEXT,
            // Bundling is proven in bundling.test.ts; here it would only repeat esbuild five times.
            "aws:cdk:bundling-stacks": [],
            // The front-end build is the console's own step; a stand-in app keeps this test offline and fast.
            consoleAssetsDir: CONSOLE_FIXTURE_DIR,
          }),
        },
      });
      expect({ status: result.status, stderr: result.stderr }).toEqual({
        status: 0,
        stderr: expect.any(String),
      });
      for (const stack of ["stateful", "stateless"]) {
        expect(existsSync(join(outdir, `${PREFIX}-${stack}.template.json`))).toBe(true);
      }
      const assembly = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
        artifacts: object;
      };
      expect(Object.keys(assembly.artifacts)).toEqual(
        expect.arrayContaining([`${PREFIX}-stateful`, `${PREFIX}-stateless`]),
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
