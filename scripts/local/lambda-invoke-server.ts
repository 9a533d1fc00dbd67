import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { FunctionHost } from "./function-host.js";
import { closeServer, listenOnLoopback } from "./http-listen.js";
import { functionArn } from "./local-aws.js";
import type { StackLog } from "./stack-log.js";

export interface LambdaInvokeServer {
  /** What `new LambdaClient({ endpoint })` needs. */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * The Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`, what `InvokeCommand` sends), so
 * the operator CLI works unchanged against the local stack. `RequestResponse` answers the function's JSON
 * result, or `X-Amz-Function-Error: Unhandled` with `{ errorMessage, errorType, trace }`; `Event` answers
 * 202 and runs in the background; `DryRun` answers 204. Unknown functions are 404
 * `ResourceNotFoundException`. Requests are not signature-checked: the endpoint listens on loopback only.
 */
export async function startLambdaInvokeServer(options: {
  readonly port: number;
  readonly functions: Pick<FunctionHost, "invoke" | "has">;
  readonly log: StackLog;
}): Promise<LambdaInvokeServer> {
  const { functions, log } = options;
  const background = new Set<Promise<unknown>>();
  const server = createServer((incoming, response) => {
    void serve(incoming, response).catch((error: unknown) => {
      log.line("invoke", `${incoming.method} ${incoming.url} → 500 (${String(error)})`);
      if (!response.headersSent) sendError(response, 500, "ServiceException", "internal error");
    });
  });

  async function serve(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = Date.now();
    const path = (incoming.url ?? "/").split("?")[0]!;
    const match = INVOKE_PATH.exec(path);
    if (incoming.method !== "POST" || match === null) {
      sendError(response, 404, "UnknownOperationException", `unknown operation ${incoming.method} ${path}`);
      return;
    }
    const name = functionNameOf(decodeURIComponent(match[1]!));
    const body = await readAll(incoming);
    if (!functions.has(name)) {
      sendError(response, 404, "ResourceNotFoundException", `Function not found: ${functionArn(name)}`);
      log.line("invoke", `${name} → 404 ResourceNotFoundException`, { function: name, statusCode: 404 });
      return;
    }
    let event: unknown;
    try {
      event = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
    } catch {
      sendError(response, 400, "InvalidRequestContentException", "Could not parse request body into json");
      return;
    }
    const invocationType = headerOf(incoming, "x-amz-invocation-type") ?? "RequestResponse";
    if (invocationType === "DryRun") {
      response.writeHead(204).end();
      return;
    }
    if (invocationType === "Event") {
      const running = functions.invoke(name, event).then((outcome) =>
        log.line("invoke", `${name} (Event) → ${outcome.status} ${outcome.durationMs}ms`, {
          function: name,
          invocationType,
          status: outcome.status,
          durationMs: outcome.durationMs,
        }),
      );
      background.add(running);
      void running.finally(() => background.delete(running));
      response.writeHead(202, { "Content-Length": "0" }).end();
      return;
    }
    const outcome = await functions.invoke(name, event);
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "X-Amz-Executed-Version": "$LATEST",
      "x-amzn-RequestId": outcome.requestId,
    };
    const payload =
      outcome.status === "ok"
        ? JSON.stringify(outcome.payload)
        : JSON.stringify({
            errorType: outcome.error.errorType,
            errorMessage: outcome.error.errorMessage,
            trace: outcome.error.trace,
          });
    if (outcome.status === "error") headers["X-Amz-Function-Error"] = "Unhandled";
    response
      .writeHead(200, { ...headers, "Content-Length": String(Buffer.byteLength(payload)) })
      .end(payload);
    const result =
      outcome.status === "ok" ? "ok" : `Unhandled ${outcome.error.errorType}: ${outcome.error.errorMessage}`;
    log.line("invoke", `${name} → ${result} ${Date.now() - started}ms`, {
      function: name,
      invocationType,
      status: outcome.status,
      durationMs: outcome.durationMs,
    });
  }

  const port = await listenOnLoopback(server, options.port, "the local Lambda Invoke endpoint");
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      await closeServer(server);
      await Promise.allSettled([...background]);
    },
  };
}

/** `name`, `name:qualifier`, `123456789012:function:name` or a full function ARN → `name`. */
export function functionNameOf(functionName: string): string {
  const arn = /^(?:arn:aws[\w-]*:lambda:[\w-]+:)?\d{12}:function:([\w-]+)(?::[\w$-]+)?$/.exec(functionName);
  if (arn) return arn[1]!;
  return functionName.split(":")[0]!;
}

function headerOf(incoming: IncomingMessage, name: string): string | undefined {
  const value = incoming.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The Lambda API's error shape: the type in `x-amzn-ErrorType`, the message in the body. */
function sendError(response: ServerResponse, statusCode: number, type: string, message: string): void {
  const body = JSON.stringify({ Type: statusCode < 500 ? "User" : "Service", message });
  response
    .writeHead(statusCode, {
      "Content-Type": "application/json",
      "x-amzn-ErrorType": type,
      "Content-Length": String(Buffer.byteLength(body)),
    })
    .end(body);
}

async function readAll(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
