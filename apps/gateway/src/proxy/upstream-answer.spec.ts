import { waitFor } from '@portcullis/testing';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { Readable } from 'stream';
import { Pool } from 'undici';
import { requestUpstream, WHOLE_BODY_MAX_BYTES } from './upstream-answer';

describe('requestUpstream over a real socket', () => {
  let server: Server;
  let pool: Pool;
  let handle: (req: IncomingMessage, res: ServerResponse) => void;

  beforeEach(async () => {
    server = createServer((req, res) => handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  afterEach(async () => {
    await pool.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const get = (method = 'GET') => requestUpstream(pool, { path: '/', method });

  it('reads a small answer of announced length whole, with its status and headers', async () => {
    handle = (_req, res) => res.writeHead(201, { 'content-length': '5', 'x-seen': ['a', 'b'] }).end('hello');
    const answer = await get();
    expect(answer.statusCode).toBe(201);
    expect(answer.headers['x-seen']).toEqual(['a', 'b']);
    expect(Buffer.isBuffer(answer.body) && answer.body.toString()).toBe('hello');
  });

  it('streams an answer over the limit, or of unknown length, and a HEAD', async () => {
    const big = 'x'.repeat(WHOLE_BODY_MAX_BYTES + 1);
    handle = (_req, res) => res.writeHead(200, { 'content-length': String(big.length) }).end(big);
    const large = await get();
    expect(large.body).toBeInstanceOf(Readable);
    expect(Buffer.concat(await (large.body as Readable).toArray()).length).toBe(big.length);

    // Two writes: Node then sends it chunked, with no length announced.
    handle = (_req, res) => res.write('chun') && void res.end('ked');
    const unknown = await get();
    expect(unknown.body).toBeInstanceOf(Readable);
    expect(Buffer.concat(await (unknown.body as Readable).toArray()).toString()).toBe('chunked');

    handle = (_req, res) => res.writeHead(200, { 'content-length': '5' }).end();
    const head = await get('HEAD');
    expect(head.headers['content-length']).toBe('5');
    expect(await (head.body as Readable).toArray()).toEqual([]);
  });

  it('pauses the upstream while the reader does not read, and aborts it when the stream is destroyed', async () => {
    let written = 0;
    let upstreamClosed = false;
    handle = (_req, res) => {
      res.on('close', () => (upstreamClosed = true));
      const chunk = Buffer.alloc(64 * 1024);
      const pump = () => {
        while (written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.writeHead(200);
      pump();
    };
    const answer = await get();
    const body = answer.body as Readable;
    // Unread, the upstream fills the socket buffers and stops writing: far from its 64 MiB. (Read
    // on regardless, undici would take all 64 MiB into the stream's buffer.)
    let seen = -1;
    let still = 0;
    await waitFor(
      () => {
        still = written === seen ? still + 1 : 0;
        seen = written;
        return still >= 3;
      },
      { timeoutMs: 10_000, intervalMs: 100, what: 'the upstream to stop writing' },
    );
    expect(written).toBeLessThan(16 * 1024 * 1024);
    // What the gateway holds meanwhile: about one high-water mark, not the upstream's output.
    expect(body.readableLength).toBeLessThan(1024 * 1024);
    body.destroy();
    await waitFor(() => upstreamClosed, { timeoutMs: 5_000, what: 'the upstream request to be aborted' });
    expect(written).toBeLessThan(16 * 1024 * 1024);
  });

  it('rejects a small answer cut short, and a connection that fails before any answer', async () => {
    handle = (_req, res) => {
      res.writeHead(200, { 'content-length': '100' }).write('only part');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    await expect(get()).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });

    handle = (req) => req.socket.destroy();
    await expect(get()).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
  });

  it('ends a streamed answer that breaks off mid-way with the error', async () => {
    handle = (_req, res) => {
      res.writeHead(200, { 'content-length': String(WHOLE_BODY_MAX_BYTES * 2) }).write('x'.repeat(1024));
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const answer = await get();
    await expect((answer.body as Readable).toArray()).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
  });
});
