import { requestHeadersForUpstream, responseHeadersForClient } from './forward-headers';

const facts = {
  clientIp: '203.0.113.9',
  proto: 'https',
  host: 'gw.example',
  requestId: 'req-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  auth: null,
};

describe('proxy header filtering', () => {
  it('never forwards the caller’s credentials or cookies', () => {
    const out = requestHeadersForUpstream(
      { authorization: 'Bearer caller', 'x-api-key': 'pk_live_x', cookie: 'pc_device=1', accept: 'text/plain' },
      facts,
    );
    expect(out).toEqual(expect.objectContaining({ accept: 'text/plain' }));
    expect(Object.keys(out)).not.toEqual(expect.arrayContaining(['authorization']));
    expect(out['x-api-key']).toBeUndefined();
    expect(out.cookie).toBeUndefined();
  });

  it('strips hop-by-hop headers, including those named in Connection', () => {
    const out = requestHeadersForUpstream(
      {
        connection: 'keep-alive, X-Secret-Hop',
        'keep-alive': 'timeout=5',
        te: 'trailers',
        upgrade: 'websocket',
        'transfer-encoding': 'chunked',
        'proxy-authorization': 'Basic x',
        'x-secret-hop': 'v',
        'x-kept': 'k',
      },
      facts,
    );
    for (const name of [
      'connection',
      'keep-alive',
      'te',
      'upgrade',
      'transfer-encoding',
      'proxy-authorization',
      'x-secret-hop',
    ])
      expect(out[name]).toBeUndefined();
    expect(out['x-kept']).toBe('k');
  });

  it('adds the upstream’s auth, the request id, the trace context and X-Forwarded-*, replacing what the caller sent', () => {
    const out = requestHeadersForUpstream(
      {
        'x-forwarded-for': '6.6.6.6',
        'x-forwarded-host': 'spoof',
        'x-forwarded-port': '8443',
        'x-forwarded-prefix': '/admin',
        'x-request-id': 'theirs',
        traceparent: 'bogus',
        host: 'gw.example',
      },
      { ...facts, auth: ['authorization', 'Bearer upstream-secret'] },
    );
    expect(out).toEqual({
      authorization: 'Bearer upstream-secret',
      'x-request-id': 'req-1',
      traceparent: facts.traceparent,
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'gw.example',
    });
  });

  it('returns the upstream’s headers minus hop-by-hop ones, cookies for the gateway’s origin, its request id and limits', () => {
    const out = responseHeadersForClient({
      'content-type': 'text/plain',
      connection: 'close, x-internal',
      'x-internal': '1',
      'set-cookie': ['a=1'],
      'x-request-id': 'up',
      'transfer-encoding': 'chunked',
      etag: '"1"',
      // The gateway's own limits answer under these names; the upstream's Retry-After is the answer's.
      'ratelimit-policy': '"theirs";q=10',
      ratelimit: '"theirs";r=0;t=5',
      'ratelimit-remaining': '0',
      'retry-after': '5',
    });
    expect(out).toEqual({ 'content-type': 'text/plain', etag: '"1"', 'retry-after': '5' });
  });
});
