import { readFileSync } from 'fs';
import { createServer, Server } from 'net';
import { freePort } from './free-port';

const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('freePort', () => {
  const [ephemeralLow] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);

  it('hands out distinct ports below the ephemeral range, each one free to listen on', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 40; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(1024);
      expect(port).toBeLessThan(ephemeralLow);
    }
    const servers = await Promise.all(ports.map(listen));
    await Promise.all(servers.map(close));
  });

  it('passes over a port something else listens on', async () => {
    const seen = await freePort();
    // The walk goes on from the port after `seen`: hold the next few, and none of them may come back.
    const held: Server[] = [];
    for (let port = seen + 1; port <= seen + 3; port++) {
      try {
        held.push(await listen(port));
      } catch {
        // Already taken by something else: just as good for this test.
      }
    }
    try {
      const next = await freePort();
      expect(held.map((s) => (s.address() as { port: number }).port)).not.toContain(next);
      await close(await listen(next));
    } finally {
      await Promise.all(held.map(close));
    }
  });
});
