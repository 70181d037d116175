import { createServer, Server } from 'http';
import { AddressInfo } from 'net';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
          sessionId = (JSON.parse(Buffer.concat(chunks).toString()) as { data?: { sessionId?: string } }).data
            ?.sessionId;
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
