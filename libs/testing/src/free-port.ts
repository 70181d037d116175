import { readFileSync } from 'fs';
import { createServer } from 'net';

/** How many ports each Jest worker (or other process) draws from. */
const SLICE = 1000;
/** How far below the ephemeral range ports are drawn from. */
const SPAN = 12 * SLICE;

/**
 * Linux's ephemeral range (`ip_local_port_range`), where every outgoing connection takes its local
 * port; undefined where it cannot be read.
 */
function ephemeralRange(): [number, number] | undefined {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return Number.isInteger(low) && Number.isInteger(high) ? [low, high] : undefined;
  } catch {
    return undefined;
  }
}

function listensOn(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as { port: number }).port;
      server.close(() => resolve(bound));
    });
  });
}

/** This process's slice of the ports below the ephemeral range, walked from a random start. */
function sliceOf(low: number): { first: number; size: number } {
  const base = Math.max(1024, low - SPAN);
  const slices = Math.max(1, Math.floor((low - base) / SLICE));
  const worker = Number(process.env.JEST_WORKER_ID ?? process.pid);
  const size = Math.min(SLICE, low - base);
  return { first: base + (worker % slices) * SLICE, size };
}

const handedOut = new Set<number>();
let cursor: number | undefined;

/**
 * An unused TCP port on loopback for a server that a test or benchmark starts afterwards. Not one the
 * OS picks (port 0): that comes from the ephemeral range, which every outgoing connection (a Redis
 * or PostgreSQL client, an HTTP call) also draws its local port from, so between this answer and the
 * app's `listen` a connection could take it, and the app died during start with EADDRINUSE (seen
 * in CI). These ports lie just below that range, where no outgoing connection goes; each Jest worker
 * walks a slice of its own, every port is checked by listening on it, and none is handed out twice
 * by one process. Where the range cannot be read (not Linux), the OS picks.
 */
export async function freePort(): Promise<number> {
  const range = ephemeralRange();
  if (!range) return (await listensOn(0))!;
  const { first, size } = sliceOf(range[0]);
  cursor ??= Math.floor(Math.random() * size);
  for (let tried = 0; tried < size; tried++) {
    const port = first + (cursor++ % size);
    if (handedOut.has(port)) continue;
    if ((await listensOn(port)) === port) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${first}-${first + size - 1}`);
}
