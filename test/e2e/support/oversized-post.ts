import { request } from 'http';

/**
 * POSTs a body larger than the server accepts and returns the status it answered. A server may
 * reply 413 and close before the body is fully sent; fetch then reports the broken write (EPIPE)
 * instead of the response, so this uses node:http and keeps the response whatever the write did.
 */
export function postOversized(url: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(bytes + 12) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    req.end(`{"blob":"${'a'.repeat(bytes)}"}`);
  });
}
