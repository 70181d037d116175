import { freePort } from '@portcullis/testing';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { HttpWebhookTransport } from './http-webhook.transport';

describe('HttpWebhookTransport (against a local server)', () => {
  const transport = new HttpWebhookTransport();
  const hits: string[] = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/redirect') return void res.writeHead(302, { location: '/elsewhere' }).end();
      if (req.url === '/slow') return void setTimeout(() => res.writeHead(200).end(), 2_000);
      if (req.url === '/big') return void res.writeHead(200).end('x'.repeat(100_000));
      if (req.url === '/busy') return void res.writeHead(429, { 'retry-after': '30' }).end('slow down');
      req.pipe(res.writeHead(200, { 'content-type': 'application/json' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('POSTs the body with the given headers and reports the status, body and duration', async () => {
    const response = await transport.post(`${base}/echo`, '{"a":1}', { 'content-type': 'application/json' }, 1000);
    expect(response).toMatchObject({ sent: true, status: 200, body: '{"a":1}', error: null });
    expect(response.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('connects only to the pinned (already checked) address, never asking DNS again', async () => {
    const port = (server.address() as AddressInfo).port;
    // .invalid never resolves (RFC 6761): reaching the server proves the pinned address was used.
    const pinned = await transport.post(`http://receiver.invalid:${port}/echo`, '{"b":2}', {}, 1000, ['127.0.0.1']);
    expect(pinned).toMatchObject({ status: 200, body: '{"b":2}' });
    // A transport of its own, so no kept-alive connection from the pinned request is reused.
    const fresh = new HttpWebhookTransport();
    const unpinned = await fresh.post(`http://receiver.invalid:${port}/echo`, '{}', {}, 1000);
    fresh.onApplicationShutdown();
    expect(unpinned).toMatchObject({ status: null, error: expect.stringContaining('ENOTFOUND') });
  });

  it('never follows a redirect: the 3xx is the answer and its target is never called', async () => {
    const response = await transport.post(`${base}/redirect`, '{}', {}, 1000);
    expect(response.status).toBe(302);
    expect(hits).not.toContain('/elsewhere');
  });

  it('gives up at the timeout with a plain reason', async () => {
    const response = await transport.post(`${base}/slow`, '{}', {}, 200);
    expect(response).toMatchObject({ sent: true, status: null, error: 'timed out after 200 ms' });
    expect(response.durationMs).toBeLessThan(1_500);
  });

  it('keeps only the first 1 KiB of a large body', async () => {
    const response = await transport.post(`${base}/big`, '{}', {}, 1000);
    expect(response.body).toHaveLength(256);
  });

  it('passes Retry-After on, and names the system error when nothing answers', async () => {
    expect(await transport.post(`${base}/busy`, '{}', {}, 1000)).toMatchObject({
      status: 429,
      retryAfter: '30',
      body: 'slow down',
    });
    const refused = await transport.post(`http://127.0.0.1:${await freePort()}/`, '{}', {}, 1000);
    expect(refused).toMatchObject({ sent: true, status: null, error: expect.stringMatching(/^ECONNREFUSED: /) });
    expect(await transport.post('http://127.0.0.1:1/', '{}', {}, 1000)).toMatchObject({
      status: null,
      error: 'bad port',
    });
  });
});
