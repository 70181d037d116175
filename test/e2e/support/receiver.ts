import { createHmac } from 'crypto';
import { createServer, IncomingMessage, Server } from 'http';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  type: string;
  body: Record<string, any>;
  headers: IncomingMessage['headers'];
}

/**
 * A webhook receiver as a customer would write one: it verifies every delivery with the
 * standardwebhooks library and the plain X-Portcullis-Signature HMAC before accepting it.
 */
export class Receiver {
  readonly received: Received[] = [];
  readonly rejected: string[] = [];
  private server?: Server;
  secret?: string;

  get url(): string {
    const address = this.server!.address() as { port: number };
    return `http://127.0.0.1:${address.port}/hook`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const ok = this.verify(raw, req.headers);
        if (ok)
          this.received.push({
            id: String(req.headers['webhook-id']),
            type: JSON.parse(raw).type,
            body: JSON.parse(raw),
            headers: req.headers,
          });
        res.statusCode = ok ? 200 : 400;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private verify(raw: string, headers: IncomingMessage['headers']): boolean {
    if (!this.secret) return false;
    try {
      new Webhook(this.secret).verify(raw, headers as Record<string, string>);
      const key = Buffer.from(this.secret.slice('whsec_'.length), 'base64');
      const expected = `sha256=${createHmac('sha256', key).update(raw).digest('hex')}`;
      if (headers['x-portcullis-signature'] !== expected) throw new Error('plain HMAC mismatch');
      return true;
    } catch (err) {
      this.rejected.push((err as Error).message);
      return false;
    }
  }
}
