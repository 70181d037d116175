import { ChildProcess, spawn } from 'child_process';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import Redis from 'ioredis';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A Redis server of the chaos run's own, on a spare port, so restarting it never touches the
 * shared one. Append-only file on: a Redis restart in production keeps its data, and SIGTERM makes
 * Redis flush the AOF before it exits, so a clean restart loses nothing.
 */
export class OwnRedis {
  private child?: ChildProcess;

  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', this.dir];
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const redis = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      redis.on('error', () => undefined); // refused until it is up: that is what we are polling for
      const ok = await redis.connect().then(() => redis.ping()).then(() => true, () => false);
      redis.disconnect();
      if (ok) return;
      await sleep(50);
    }
    throw new Error(`redis-server on ${this.port} did not start`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

export interface LoginDelivery {
  webhookId: string;
  sessionId?: string;
}

/** Counts webhook deliveries by `webhook-id`, and the session each announces; always answers 204. */
export class WebhookSink {
  readonly deliveries: LoginDelivery[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let sessionId: string | undefined;
        try {
          sessionId = (JSON.parse(Buffer.concat(chunks).toString()) as { data?: { sessionId?: string } }).data?.sessionId;
        } catch {
          sessionId = undefined;
        }
        this.deliveries.push({ webhookId: String(req.headers['webhook-id']), sessionId });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** One client request's outcome: an HTTP status, or `network` when no answer came back. */
export interface Outcome {
  at: number;
  status: number | 'network';
}

/** The `sid` claim of an access token (the session id), read without verifying: we issued it. */
export function sessionOf(accessToken: string): string {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { sid: string };
  return payload.sid;
}

export { sleep };
