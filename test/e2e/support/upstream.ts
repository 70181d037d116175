import { createServer, IncomingHttpHeaders, Server } from 'http';
import { AddressInfo, Socket } from 'net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bytes: number;
}

/**
 * A loopback upstream API for proxy tests (a bare node:http server, nothing buffered):
 * /echo answers what it saw, /upload counts the body's bytes, /download?mb=N streams N MiB,
 * /slow never answers, /status/N answers N, /flaky answers 500 while `failing`, /huge-headers
 * sends a 64 KiB header, /cut?bytes=N announces N bytes, sends half and drops the connection.
 */
export class Upstream {
  readonly seen: SeenRequest[] = [];
  failing = false;
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  get origin(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const record: SeenRequest = { method: req.method!, url: req.url!, headers: req.headers, bytes: 0 };
      this.seen.push(record);
      req.on('data', (chunk: Buffer) => (record.bytes += chunk.length));
      const path = new URL(req.url!, 'http://x').pathname.replace(/^\/base/, '');
      const url = new URL(req.url!, 'http://x');
      req.on('end', () => {
        if (path === '/slow') return;
        if (path === '/download') return this.download(res, Number(url.searchParams.get('mb') ?? 1));
        if (path.startsWith('/status/')) return void res.writeHead(Number(path.slice(8))).end('status');
        if (path === '/flaky') return void res.writeHead(this.failing ? 500 : 200).end(this.failing ? 'down' : 'up');
        if (path === '/huge-headers') return void res.writeHead(200, { 'x-huge': 'a'.repeat(64 * 1024) }).end('x');
        if (path === '/cut') {
          const bytes = Number(url.searchParams.get('bytes') ?? 1000);
          res.writeHead(200, { 'content-length': String(bytes) });
          res.write('a'.repeat(bytes / 2));
          return void setImmediate(() => req.socket.destroy());
        }
        const body = JSON.stringify({ method: req.method, url: req.url, headers: req.headers, bytes: record.bytes });
        res
          .writeHead(200, {
            'content-type': 'application/json',
            connection: 'keep-alive, x-hop',
            'x-hop': 'secret',
            'set-cookie': 'upstream=1',
          })
          .end(body);
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  private download(res: import('http').ServerResponse, mb: number): void {
    const chunk = Buffer.alloc(64 * 1024, 120);
    let left = mb * 16;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(mb * 1024 * 1024) });
    const pump = () => {
      while (left > 0) {
        left--;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
