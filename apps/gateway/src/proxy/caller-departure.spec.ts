import { EventEmitter } from 'events';
import { createServer, IncomingMessage, Server } from 'http';
import { AddressInfo, connect } from 'net';
import { Pool } from 'undici';
import { sendWatchingCaller, watchCallerDeparture } from './caller-departure';
import { CallerFault, FailedAnswer } from './upstream-breakers';

describe('watchCallerDeparture', () => {
  /** Just the parts of a request the watch reads. */
  const fakeRequest = (state: { complete?: boolean; destroyed?: boolean } = {}) => {
    const socket = new EventEmitter();
    const raw = { complete: false, destroyed: false, ...state, socket } as unknown as IncomingMessage & {
      destroyed: boolean;
    };
    return { raw, socket };
  };

  it('sees a caller whose connection closed while its body was still arriving', () => {
    const { raw, socket } = fakeRequest();
    const departure = watchCallerDeparture(raw);
    socket.emit('close');
    expect(departure.left()).toBe(true);
  });

  it('does not blame the caller when the body was destroyed first (the upstream failed, undici destroyed it)', () => {
    const { raw, socket } = fakeRequest();
    const departure = watchCallerDeparture(raw);
    raw.destroyed = true;
    socket.emit('close');
    expect(departure.left()).toBe(false);
  });

  it('does not blame a caller that had sent its whole body', () => {
    const { raw, socket } = fakeRequest({ complete: true });
    const departure = watchCallerDeparture(raw);
    socket.emit('close');
    expect(departure.left()).toBe(false);
  });

  it('sees a caller that was already gone before the call', () => {
    expect(watchCallerDeparture(fakeRequest({ destroyed: true }).raw).left()).toBe(true);
  });

  it('lets go of the socket when stopped (it may carry the next request)', () => {
    const { raw, socket } = fakeRequest();
    watchCallerDeparture(raw).stop();
    expect(socket.listenerCount('close')).toBe(0);
  });
});

/**
 * The order the watch relies on (the caller's socket closes before its request is destroyed, the
 * reverse when undici gives up on the upstream) belongs to Node and undici, so it is checked on
 * loopback sockets rather than assumed.
 */
describe('sendWatchingCaller over real sockets', () => {
  const servers: Server[] = [];
  const listen = async (server: Server) => {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  };

  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  /** An upload of 100 kB announced, 1 kB sent; `callerAborts` then drops the connection. */
  async function relay(upstreamHandler: Parameters<typeof createServer>[1], callerAborts: boolean): Promise<unknown> {
    const pool = new Pool(`http://127.0.0.1:${await listen(createServer(upstreamHandler))}`);
    try {
      let settle!: (outcome: unknown) => void;
      const outcome = new Promise((resolve) => (settle = resolve));
      const gateway = createServer((req, res) => {
        sendWatchingCaller(pool, {
          path: '/',
          method: 'POST',
          headers: { 'content-length': '100000' },
          body: req,
        }).then((answer) => {
          settle(answer);
          if (!Buffer.isBuffer(answer.body)) answer.body.resume();
        }, settle);
        res.on('error', () => undefined);
      });
      const port = await listen(gateway);
      const caller = connect(port, '127.0.0.1', () => {
        caller.write('POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 100000\r\n\r\n' + 'a'.repeat(1000));
        if (callerAborts) setTimeout(() => caller.destroy(), 50);
      });
      caller.on('error', () => undefined);
      const result = await outcome;
      caller.destroy();
      return result;
    } finally {
      await pool.destroy();
    }
  }

  it("marks a failure as the caller's when it aborted its upload mid-body", async () => {
    const outcome = await relay((req) => req.resume(), true);
    expect(outcome).toBeInstanceOf(CallerFault);
  });

  it("leaves an upstream that dropped the connection mid-upload as the upstream's failure", async () => {
    const outcome = await relay((req) => setTimeout(() => req.socket.destroy(), 50), false);
    expect(outcome).not.toBeInstanceOf(CallerFault);
    expect(outcome).toMatchObject({ code: 'UND_ERR_SOCKET' });
  });

  it('turns a 5xx answer into a FailedAnswer', async () => {
    const outcome = await relay((_req, res) => res.writeHead(503).end(), false);
    expect(outcome).toBeInstanceOf(FailedAnswer);
  });
});
