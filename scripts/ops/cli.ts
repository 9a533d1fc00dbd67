#!/usr/bin/env -S npx --no-install tsx
/**
 * The operator CLI: `npm run ops -- <command>`. Every command invokes an operator function through the
 * Lambda Invoke API, on the local stack (.local/stack.json) or on AWS. See ./usage.ts.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { lambdaClientFor, lambdaInvoker } from "./function-invoker.js";
import { resolveInvokeTarget } from "./invoke-target.js";
import { resolveOperator, stsCallerIdentity } from "./operator-identity.js";
import { runCli } from "./run-cli.js";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
const stackFile = resolve(projectRoot, ".local/stack.json");

process.exitCode = await runCli(
  process.argv.slice(2),
  {
    resolveTarget: (choice) => resolveInvokeTarget(choice, stackFile),
    invokerFor: (target) => lambdaInvoker(lambdaClientFor(target), target),
    operatorFor: (target) => resolveOperator(target, process.env, stsCallerIdentity),
  },
  { out: (text) => console.log(text), err: (text) => console.error(text) },
);
