import { describe, expect, it } from "@jest/globals";
import { topology } from "../../../infra/topology/manifest.js";
import {
  commonEnvironment,
  functionEnvironment,
  mergeEnvironments,
} from "../../../scripts/local/function-environment.js";
import { FunctionHost } from "../../../scripts/local/function-host.js";
import type { LocalResources } from "../../../scripts/local/local-resources.js";
import { planLocalRuntime } from "../../../scripts/local/runtime-plan.js";
import { projectRoot } from "./support.js";

/**
 * Drift test: every function of the topology manifest is served by the local runtime — each trigger is
 * wired, each handler module loads, and its environment can be built. (test/infra/ proves the same for CDK.)
 */
describe("the local runtime serves every function of the manifest", () => {
  const plan = planLocalRuntime(topology);

  it.each(topology.functions.map((spec) => [spec.name, spec] as const))(
    "%s: every trigger is wired",
    (_, spec) => {
      for (const trigger of spec.triggers) {
        switch (trigger.kind) {
          case "http":
            expect(plan.routes).toContainEqual(
              expect.objectContaining({
                method: trigger.method,
                resource: trigger.path,
                auth: trigger.auth,
                functionName: spec.name,
              }),
            );
            break;
          case "sqs":
            expect(plan.eventSources).toContainEqual({
              functionName: spec.name,
              queueId: trigger.queue,
              batchSize: trigger.batchSize,
              maxBatchingWindowSeconds: trigger.maxBatchingWindowSeconds,
            });
            break;
          case "schedule":
            expect(plan.schedules).toContainEqual(
              expect.objectContaining({ functionName: spec.name, expression: trigger.expression }),
            );
            break;
          case "invoke":
            break;
        }
      }
      expect(plan.invokable).toContain(spec.name);
      // A function without triggers must be one of the API's authorizers, run before keyed or console routes.
      if (spec.triggers.length === 0) {
        expect([topology.authorizer.functionName, topology.consoleAuthorizer.functionName]).toContain(
          spec.name,
        );
      }
    },
  );

  it("serves nothing the manifest does not list, and has nothing to warn about", () => {
    const names = new Set(topology.functions.map((spec) => spec.name));
    for (const wired of [...plan.routes, ...plan.eventSources, ...plan.schedules]) {
      expect(names).toContain(wired.functionName);
    }
    expect(plan.routes).toHaveLength(
      topology.functions.flatMap((spec) => spec.triggers.filter((trigger) => trigger.kind === "http")).length,
    );
    expect(plan.warnings).toEqual([]);
  });

  it("the authorizer named by the manifest is one of its functions", () => {
    expect(topology.functions.map((spec) => spec.name)).toContain(topology.authorizer.functionName);
  });

  it("loads every handler module (each exports `handler`)", async () => {
    const host = await FunctionHost.load(topology.functions, projectRoot);
    expect(host.names().sort()).toEqual(topology.functions.map((spec) => spec.name).sort());
  });

  it("builds every function's environment without conflicts between functions", () => {
    const resources: LocalResources = {
      tables: Object.fromEntries(topology.tables.map((table) => [table.id, `local-${table.id}`])),
      queues: Object.fromEntries(
        topology.queues.map((queue) => [
          queue.id,
          {
            name: queue.id,
            url: `http://q/${queue.id}`,
            arn: `arn:${queue.id}`,
            dlq: { name: "d", url: "http://q/d", arn: "arn:d" },
          },
        ]),
      ),
      buckets: Object.fromEntries(topology.buckets.map((bucket) => [bucket.id, `local-${bucket.id}`])),
    };
    const secrets = {
      identifierPepper: "base64:AAAA",
      refKeyPepper: "base64:BBBB",
      webhookSigningKey: "base64:CCCC",
    };
    const chain = {
      rpcUrl: "http://rpc",
      chainId: 31337n,
      registryAddress: "0xabc",
      serviceId: 1n,
      signerPrivateKey: "0x01",
      adminPrivateKey: "0x02",
    };
    const mail = {
      smtpUrl: "smtp://127.0.0.1:2525",
      fromAddress: "no-reply@kyc-attest.localhost",
      helpCentreUrl: "https://help.example.org/",
    };
    const environments = topology.functions.map((spec) => ({
      functionName: spec.name,
      env: functionEnvironment(spec, topology, resources, secrets, chain, mail),
    }));
    const merged = mergeEnvironments(environments);
    for (const spec of topology.functions) {
      const env = environments.find((entry) => entry.functionName === spec.name)!.env;
      for (const table of topology.tables.filter((t) => spec.needs.tables?.[t.id] !== undefined)) {
        expect(env[table.nameEnv]).toBe(`local-${table.id}`);
      }
      for (const queue of topology.queues.filter((q) => spec.needs.sendsTo?.includes(q.id))) {
        expect(env[queue.urlEnv]).toBe(`http://q/${queue.id}`);
      }
      if (spec.needs.email === true) expect(env[topology.email.localSmtpUrlEnv]).toBe(mail.smtpUrl);
      for (const secret of topology.secrets.filter((s) => spec.needs.secrets?.includes(s.id))) {
        expect(env[secret.env]).toBe(secrets[secret.id]);
      }
    }
    expect(Object.keys(commonEnvironment({ dynamodb: "d", sqs: "s", s3: "s", lambda: "l" }, "WARN"))).toEqual(
      expect.arrayContaining([
        "AWS_ENDPOINT_URL_DYNAMODB",
        "AWS_ENDPOINT_URL_SQS",
        "AWS_ENDPOINT_URL_S3",
        "AWS_REGION",
      ]),
    );
    expect(merged.TABLE_NAME).toBe("local-main");
  });
});
