import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { HttpReply } from "./api-gateway-responses.js";

/** Where the console app is served, as CloudFront serves it on AWS (its API lives under `/console/api/`). */
export const CONSOLE_PATH = "/console/";
const CONSOLE_API_PREFIX = "/console/api/";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** The security headers CloudFront's response policy adds on AWS. */
const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
} as const;

/** True for the app's own paths (not its API, which goes through the gateway like every route). */
export function isConsoleAssetPath(rawPath: string): boolean {
  return (
    (rawPath === "/console" || rawPath.startsWith(CONSOLE_PATH)) && !rawPath.startsWith(CONSOLE_API_PREFIX)
  );
}

/**
 * A file of the built console (`assetsDir`), or its `index.html` for any other path below `/console/`
 * (the app routes on the client). Hashed assets are cached for a year; `index.html` never.
 */
export async function consoleAssetReply(
  assetsDir: string,
  method: string,
  rawPath: string,
): Promise<HttpReply> {
  if (method !== "GET" && method !== "HEAD") return text(405, "Method not allowed", { Allow: "GET, HEAD" });
  if (rawPath === "/console")
    return { statusCode: 308, headers: { Location: CONSOLE_PATH }, body: Buffer.alloc(0) };
  let relative: string;
  try {
    relative = decodeURIComponent(rawPath.slice(CONSOLE_PATH.length));
  } catch {
    return text(400, "Bad path");
  }
  const root = normalize(assetsDir);
  const candidate = normalize(join(root, relative));
  // No `..` out of the app's folder.
  if (candidate !== root && !candidate.startsWith(root + sep)) return text(404, "Not found");
  const file = (await isFile(candidate)) ? candidate : join(root, "index.html");
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return text(
      503,
      "The console is not built: run `npm run build:console` (npm start builds it when it is missing).",
    );
  }
  const isIndex = file.endsWith(`${sep}index.html`);
  return {
    statusCode: 200,
    headers: {
      "Content-Type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "Cache-Control": isIndex ? "no-cache" : "public, max-age=31536000, immutable",
      ...SECURITY_HEADERS,
    },
    body: method === "HEAD" ? Buffer.alloc(0) : body,
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function text(statusCode: number, message: string, headers: Record<string, string> = {}): HttpReply {
  return {
    statusCode,
    headers: { "Content-Type": "text/plain; charset=utf-8", ...headers },
    body: Buffer.from(`${message}\n`),
  };
}
