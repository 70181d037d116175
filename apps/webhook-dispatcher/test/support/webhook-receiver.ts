import { createHmac, timingSafeEqual } from 'crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { waitFor } from '@portcullis/testing';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  route: string;
  webhookId: string;
  body: string;
  headers: Record<string, string>;
  /** Which of the route's secrets verified the Standard Webhooks signature (by index). */
  verifiedBy: number[];
  /** X-Portcullis-Signature matched a plain HMAC-SHA256 of the body with the first secret's bytes. */
  hmacOk: boolean;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** Decides the answer to the nth request (0-based) a route receives. */
export type Responder = (request: ReceivedRequest, nth: number) => Reply | Promise<Reply>;

interface Route {
  secrets: string[];
  respond: Responder;
  received: ReceivedRequest[];
  inFlight: number;
  maxInFlight: number;
}

/**
 * A real receiver on 127.0.0.1, as a customer would write one: every request is checked with the
 * standardwebhooks library and with a plain HMAC of the raw body, and a request that fails both
 * ways is refused with 401 (so a signing bug shows up as failed deliveries, not silent passes).
 */
export class WebhookReceiver {
  private server?: Server;
  private port = 0;
  private readonly routes = new Map<string, Route>();

  async start(port = this.port): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Refuses connections from now on (the port stays ours to start on again). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  url(route: string): string {
    return `http://127.0.0.1:${this.port}/hooks/${route}`;
  }

  route(name: string, secrets: string[], respond: Responder = () => ({ status: 200 })): void {
    this.routes.set(name, {
      secrets,
      respond,
      received: this.routes.get(name)?.received ?? [],
      inFlight: 0,
      maxInFlight: 0,
    });
  }

  received(name: string): ReceivedRequest[] {
    return this.routes.get(name)?.received ?? [];
  }

  /** The most requests the route was answering at once. */
  maxInFlight(name: string): number {
    return this.routes.get(name)?.maxInFlight ?? 0;
  }

  /** Waits until the route has received at least `count` requests, and resolves them all. */
  requests(name: string, count = 1, timeoutMs = 15_000): Promise<ReceivedRequest[]> {
    return waitFor(() => this.received(name).length >= count && this.received(name), {
      timeoutMs,
      what: `${count} request(s) at ${name}`,
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const name = (req.url ?? '').replace(/^\/hooks\//, '');
    const route = this.routes.get(name);
    if (req.method !== 'POST' || !route) return void res.writeHead(404).end();
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
    );
    const request: ReceivedRequest = {
      route: name,
      webhookId: headers['webhook-id'] ?? '',
      body,
      headers,
      ...verify(route.secrets, body, headers),
    };
    route.received.push(request);
    if (request.verifiedBy.length === 0 || !request.hmacOk) return void res.writeHead(401).end('bad signature');
    route.inFlight += 1;
    route.maxInFlight = Math.max(route.maxInFlight, route.inFlight);
    try {
      const reply = await route.respond(request, route.received.length - 1);
      res.writeHead(reply.status, reply.headers).end(reply.body ?? '');
    } finally {
      route.inFlight -= 1;
    }
  }
}

function verify(
  secrets: string[],
  body: string,
  headers: Record<string, string>,
): Pick<ReceivedRequest, 'verifiedBy' | 'hmacOk'> {
  const verifiedBy = secrets.flatMap((secret, index) => {
    try {
      new Webhook(secret).verify(body, headers);
      return [index];
    } catch {
      return [];
    }
  });
  const key = secrets[0] ? Buffer.from(secrets[0].replace(/^whsec_/, ''), 'base64') : Buffer.alloc(0);
  const expected = Buffer.from(`sha256=${createHmac('sha256', key).update(body).digest('hex')}`);
  const given = Buffer.from(headers['x-portcullis-signature'] ?? '');
  return { verifiedBy, hmacOk: given.length === expected.length && timingSafeEqual(given, expected) };
}
