import { createServer, IncomingMessage, ServerResponse } from 'http';
import helmet from 'helmet';
import { AddressInfo } from 'net';
import { securityHeaders } from './security-headers';

/** What helmet itself sets on a real Node response, to compare the computed-once set against. */
async function setByHelmetOnARealResponse(): Promise<Record<string, string>> {
  const middleware = helmet({ contentSecurityPolicy: false });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => middleware(req, res, () => res.end('ok')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const headers: Record<string, string> = {};
    for (const [name, value] of res.headers)
      if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name))
        headers[name] = value;
    return headers;
  } finally {
    server.close();
  }
}

describe('securityHeaders', () => {
  it('are exactly the headers helmet sets on a real response', async () => {
    const computed = Object.fromEntries(
      Object.entries(securityHeaders({ contentSecurityPolicy: false })).map(([k, v]) => [k.toLowerCase(), v]),
    );
    expect(computed).toEqual(await setByHelmetOnARealResponse());
    expect(computed['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(computed['x-content-type-options']).toBe('nosniff');
    expect(computed).not.toHaveProperty('content-security-policy');
  });

  it('include the CSP when it is on (no nonces: it does not depend on the request)', () => {
    expect(securityHeaders({})['Content-Security-Policy']).toContain("default-src 'self'");
  });
});
