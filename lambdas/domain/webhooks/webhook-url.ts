import { ValidationError } from "../errors.js";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * A business's webhook URL: https, or plain http to a loopback host (local stack and tests only).
 * Credentials in the URL are refused, they would be logged with it.
 */
export function validateWebhookUrl(url: string, field = "webhookUrl"): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError("must be an absolute URL", field);
  }
  const loopback = LOOPBACK_HOSTS.has(parsed.hostname);
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) {
    throw new ValidationError("must use https (http only for localhost)", field);
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new ValidationError("must not contain credentials", field);
  }
}
