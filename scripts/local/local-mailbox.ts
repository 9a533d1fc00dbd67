import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import { LocalServerStartError } from "./errors.js";

/** One message the local mail server accepted, as `GET /_local/mail` serves it. */
export interface CaughtMail {
  readonly id: string;
  readonly receivedAt: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The notice event the notifier tagged it with (`X-Notice-Event`), if any. */
  readonly event: string | null;
}

export interface LocalMailbox {
  /** `smtp://127.0.0.1:<port>`: what the notifier's SMTP_URL is set to. */
  readonly smtpUrl: string;
  readonly port: number;
  /** Oldest first. */
  messages(): readonly CaughtMail[];
  clear(): void;
  stop(): Promise<void>;
}

/** The newest messages kept; older ones are dropped (a long-running stack must not grow without bound). */
const MAX_KEPT = 500;
const MAX_MESSAGE_BYTES = 1024 * 1024;

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((object) => object.value.map((entry) => entry.address ?? "")).filter(Boolean);
}

/**
 * A real SMTP server in the local stack's process (smtp-server), on loopback only, without
 * authentication or TLS: it accepts every message, parses it (mailparser) and keeps it in memory for
 * `GET /_local/mail` and the demo. Production sends through SES instead (docs/notifications.md).
 */
export async function startLocalMailbox(options: { readonly port: number }): Promise<LocalMailbox> {
  const caught: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    banner: "kyc-attest local mailbox",
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const event = parsed.headers.get("x-notice-event");
          caught.push({
            id: randomUUID(),
            receivedAt: new Date().toISOString(),
            from: addresses(parsed.from)[0] ?? session.envelope.mailFrom?.toString() ?? "",
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            event: typeof event === "string" ? event : null,
          });
          if (caught.length > MAX_KEPT) caught.splice(0, caught.length - MAX_KEPT);
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        new LocalServerStartError(
          "the local mail server",
          error.code === "EADDRINUSE"
            ? `port ${options.port} is already in use; pick another port or stop the other process`
            : error.message,
          { cause: error, context: { port: options.port } },
        ),
      );
    server.server.once("error", onError);
    server.listen(options.port, "127.0.0.1", () => {
      server.server.off("error", onError);
      resolve((server.server.address() as AddressInfo).port);
    });
  });
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    port,
    messages: () => [...caught],
    clear: () => {
      caught.length = 0;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
