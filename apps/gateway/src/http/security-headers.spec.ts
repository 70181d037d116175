import { createServer, IncomingMessage, ServerResponse } from 'http';
import helmet from 'helmet';
import { AddressInfo } from 'net';
import { API_SECURITY_HEADERS, DOCUMENT_SECURITY_HEADERS, securityHeaders } from './security-headers';

/** What helmet itself sets on a real Node response, to compare the computed-once set against. */
async function setByHelmetOnARealResponse(): Promise<Record<string, string>> {
  const middleware = helmet(DOCUMENT_SECURITY_HEADERS);
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
  it('give API answers the OWASP REST set: no framing, nothing loaded, no sniffing, HTTPS, no cross-origin embedding', () => {
    // Named in lower case, as Fastify stores them (a mixed-case name costs each reply a new string).
    expect(securityHeaders(API_SECURITY_HEADERS)).toEqual({
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'cross-origin-resource-policy': 'same-origin',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
  });

  it('give documents exactly the headers helmet sets on a real response (its CSP off)', async () => {
    const computed = securityHeaders(DOCUMENT_SECURITY_HEADERS);
    expect(computed).toEqual(await setByHelmetOnARealResponse());
    expect(computed['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(computed['x-content-type-options']).toBe('nosniff');
    expect(computed).not.toHaveProperty('content-security-policy');
  });

  it('include the CSP when it is on (no nonces: it does not depend on the request)', () => {
    expect(securityHeaders({})['content-security-policy']).toContain("default-src 'self'");
  });
});
