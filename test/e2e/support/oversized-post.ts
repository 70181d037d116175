import { connect } from 'net';

/**
 * POSTs a body larger than the server accepts and returns the status it answered. A server may
 * reply 413 and close before the body is fully sent; node:http (and fetch) then report the broken
 * write (EPIPE) and drop the response they already have, depending on timing. So this speaks
 * HTTP/1.1 over a plain socket and keeps whatever the server sent, whatever the write did.
 */
export function postOversized(url: string, bytes: number): Promise<{ status: number; body: string }> {
  const { hostname, port, pathname } = new URL(url);
  const body = `{"blob":"${'a'.repeat(bytes)}"}`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    // A write the server cut short is expected; the answer is what it sent before closing.
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    socket.on('close', () => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (!match) return reject(new Error(`No HTTP answer: ${received.slice(0, 200)}`));
      resolve({ status: Number(match[1]), body: received.slice(received.indexOf('\r\n\r\n') + 4) });
    });
    socket.write(
      `POST ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
    );
    // In slices, and not one byte more once the server has answered: a server that closes with
    // unread input sends a reset, and a reset can discard an answer the client has not read yet.
    const send = async () => {
      // A server that judges by Content-Length answers before any body: give it a moment first.
      for (let waited = 0; waited < 2000 && !received; waited += 20) await new Promise((tick) => setTimeout(tick, 20));
      for (let at = 0; at < body.length && !received && !socket.destroyed; at += 64 * 1024) {
        await new Promise<void>((done) => socket.write(body.slice(at, at + 64 * 1024), () => done()));
        await new Promise((tick) => setImmediate(tick));
      }
    };
    void send();
  });
}
