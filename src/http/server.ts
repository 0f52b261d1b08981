// A small HTTP server on node:http for the webhook, /healthz and /metrics: three routes do not need a framework.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { describeError } from "../logger.ts";

export type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export interface Routes {
  /** Keyed by "METHOD /path", e.g. "GET /healthz". */
  [route: string]: Handler;
}

export interface HttpServer {
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Stops accepting connections and waits for the requests under way. */
  close(): Promise<void>;
}

/** Larger than any Telegram update; a bigger body is refused before it is read whole. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

export async function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function reply(response: ServerResponse, status: number, body = "", contentType = "text/plain"): void {
  response.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
  response.end(body);
}

export async function startHttpServer(
  options: { host: string; port: number; routes: Routes },
  logger: Logger,
): Promise<HttpServer> {
  const server = http.createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const handler = options.routes[`${request.method} ${path}`];
    if (!handler) {
      const known = Object.keys(options.routes).some((route) => route.endsWith(` ${path}`));
      return reply(response, known ? 405 : 404);
    }
    try {
      await handler(request, response);
    } catch (error) {
      logger.error({ path, error: describeError(error) }, "HTTP request failed");
      if (!response.headersSent) reply(response, 500);
      else response.end();
    }
  });
  // Telegram keeps webhook connections open; an idle one must not hold up a stop.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
