import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { ApiSpec } from "../../infra/topology/types.js";
import type { ApiRequest } from "./api-gateway-events.js";
import { gatewayReply, type HttpReply } from "./api-gateway-responses.js";
import type { LocalApiGateway } from "./api-gateway.js";
import { closeServer, listenOnLoopback } from "./http-listen.js";
import type { LocalMailbox } from "./local-mailbox.js";
import type { StackLog } from "./stack-log.js";
import { consoleAssetReply, isConsoleAssetPath } from "./console-assets.js";

/** The local stack's own route (not an API Gateway route, not on AWS): the mail the notifier sent. */
export const LOCAL_MAIL_PATH = "/_local/mail";

export interface ApiServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * The local API's HTTP front: reads the request (refusing bodies over `maxRequestBodyBytes` with 413, as
 * API Gateway does over its 10 MB limit), hands it to the gateway and writes the reply. One log line per
 * request.
 */
export async function startApiServer(options: {
  readonly port: number;
  readonly api: ApiSpec;
  readonly gateway: LocalApiGateway;
  readonly log: StackLog;
  readonly maxRequestBodyBytes: number;
  /** Served at `GET /_local/mail` (`?to=` filters by recipient). */
  readonly mailbox?: Pick<LocalMailbox, "messages">;
  /** The built console app, served at `/console/` (its API routes go through the gateway). */
  readonly consoleAssetsDir?: string;
}): Promise<ApiServer> {
  const { api, gateway, log, maxRequestBodyBytes, mailbox, consoleAssetsDir } = options;
  const server = createServer((incoming, response) => {
    void serve(incoming, response).catch((error: unknown) => {
      const method = incoming.method ?? "GET";
      const path = gateway.loggedPath(method, (incoming.url ?? "/").split("?")[0] ?? "/");
      log.line("http", `${method} ${path} → 500 (${String(error)})`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });

  async function serve(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = Date.now();
    const requestId = randomUUID();
    const url = incoming.url ?? "/";
    const queryAt = url.indexOf("?");
    const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? null : url.slice(queryAt + 1);
    const method = incoming.method ?? "GET";
    // Paths carry refIds (which may be e-mail addresses): the log gets the hashed form.
    const loggedPath = gateway.loggedPath(method, rawPath);
    const logLine = (
      statusCode: number,
      functionName: string | null,
      principalId: string | null,
      detail: string | null,
    ) =>
      log.line(
        "http",
        `${method} ${loggedPath} → ${statusCode}${functionName ? ` ${functionName}` : ""}${detail ? ` (${detail})` : ""} ${Date.now() - started}ms`,
        {
          requestId,
          method,
          path: loggedPath,
          statusCode,
          function: functionName,
          principalId,
          detail,
          durationMs: Date.now() - started,
        },
      );

    if (mailbox !== undefined && rawPath === LOCAL_MAIL_PATH) {
      const reply = localMailReply(mailbox, method, rawQuery);
      writeReply(response, reply, { close: false });
      log.line("http", `${method} ${LOCAL_MAIL_PATH} → ${reply.statusCode} ${Date.now() - started}ms`);
      return;
    }
    if (consoleAssetsDir !== undefined && isConsoleAssetPath(rawPath)) {
      const reply = await consoleAssetReply(consoleAssetsDir, method, rawPath);
      writeReply(response, reply, { close: false });
      // Asset paths name files, not users; deep links may carry a refId, so only the app's root is logged.
      log.line("http", `${method} /console/… → ${reply.statusCode} ${Date.now() - started}ms`);
      return;
    }
    const body = await readBody(incoming, maxRequestBodyBytes);
    if (body === "too-large") {
      const reply = gatewayReply(api, "REQUEST_TOO_LARGE", requestId);
      // The rest of the body is not read: close the connection once the reply is out.
      writeReply(response, reply, { close: true });
      response.once("finish", () => incoming.destroy());
      logLine(reply.statusCode, null, null, `body over ${maxRequestBodyBytes} bytes`);
      return;
    }
    const request: ApiRequest = {
      requestId,
      receivedAt: new Date(started),
      method,
      rawPath,
      rawQuery,
      rawHeaders: incoming.rawHeaders,
      body,
      sourceIp: incoming.socket.remoteAddress ?? "127.0.0.1",
    };
    const exchange = await gateway.handle(request);
    writeReply(response, exchange.reply, { close: false });
    logLine(exchange.reply.statusCode, exchange.functionName, exchange.principalId, exchange.detail);
  }

  const port = await listenOnLoopback(server, options.port, "the local API");
  return { url: `http://127.0.0.1:${port}`, port, stop: () => closeServer(server) };
}

function localMailReply(
  mailbox: Pick<LocalMailbox, "messages">,
  method: string,
  rawQuery: string | null,
): HttpReply {
  const json = (statusCode: number, value: unknown): HttpReply => ({
    statusCode,
    headers: { "Content-Type": "application/json" },
    body: Buffer.from(JSON.stringify(value)),
  });
  if (method !== "GET") return json(405, { status: "error", message: "Method not allowed" });
  const to = new URLSearchParams(rawQuery ?? "").get("to");
  const messages = mailbox.messages().filter((mail) => to === null || mail.to.includes(to));
  return json(200, { messages });
}

function writeReply(response: ServerResponse, reply: HttpReply, { close }: { close: boolean }): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(reply.headers))
    headers[name] = typeof value === "string" ? value : [...value];
  headers["Content-Length"] = String(reply.body.length);
  if (close) headers.Connection = "close";
  response.writeHead(reply.statusCode, headers).end(reply.body);
}

/**
 * The whole body, or "too-large" as soon as it exceeds `limit` (by Content-Length or by bytes read). The
 * stream is only paused then, not destroyed, so the 413 reply can still be written.
 */
function readBody(incoming: IncomingMessage, limit: number): Promise<Buffer | "too-large"> {
  const declared = Number(incoming.headers["content-length"] ?? "0");
  if (declared > limit) return Promise.resolve("too-large");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanUp();
        incoming.pause();
        resolve("too-large");
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => {
      cleanUp();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    const cleanUp = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
    };
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onError);
  });
}
