// A load balancer in front of webhook-mode instances, for the failover tests: each update goes to the instance its
// chat is assigned to, and to the other one when that one does not answer (dead, or killed during the request), as a
// balancer with health checks would do. With no instance answering, Telegram gets a 502 and sends the update again.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import { chatOf } from "../../src/bot/inbox.ts";

export interface LoadBalancer {
  url: string;
  stop(): Promise<void>;
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `targets`: each instance's base URL (http://127.0.0.1:port); a chat goes to targets[chat id % targets.length]. */
export async function startLoadBalancer(targets: readonly string[]): Promise<LoadBalancer> {
  const server = http.createServer(async (request, response) => {
    const body = await readBody(request);
    const chat = Math.abs(Number(chatOf(JSON.parse(body.toString("utf8")) as Update))) || 0;
    const first = chat % targets.length;
    const order = targets.map((_, index) => targets[(first + index) % targets.length] as string);
    for (const target of order) {
      try {
        const answer = await fetch(`${target}${request.url ?? "/"}`, {
          method: "POST",
          headers: Object.fromEntries(
            Object.entries(request.headers).filter(
              ([name]) => name === "content-type" || name.startsWith("x-telegram"),
            ) as [string, string][],
          ),
          body,
        });
        await answer.arrayBuffer();
        response.writeHead(answer.status).end();
        return;
      } catch {
        // Not answering: the next instance.
      }
    }
    response.writeHead(502).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
