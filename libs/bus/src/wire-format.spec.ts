import { decodeMessage, encodeEvent, encodeRequest } from './wire-format';

describe('bus wire format', () => {
  it('round-trips a request with its reply route, deadline and trace context', () => {
    const fields = encodeRequest({
      pattern: 'user.find',
      id: 'c1',
      replyTo: 'chan',
      deadline: 123,
      data: { a: 1 },
      traceparent: '00-abc',
    });
    expect(decodeMessage(fields)).toEqual({
      kind: 'rpc',
      pattern: 'user.find',
      id: 'c1',
      replyTo: 'chan',
      deadline: 123,
      redisDeadline: undefined,
      data: { a: 1 },
      traceparent: '00-abc',
    });
  });

  it('carries the request id, the acting principal and the origin as headers beside the payload', () => {
    const principal = { kind: 'user', userId: 'u1', roles: ['user'] };
    const origin = { ip: '203.0.113.9', userAgent: 'curl/8' };
    const base = { pattern: 'user.find', id: 'c1', replyTo: 'chan', deadline: 123, data: { a: 1 } };
    expect(decodeMessage(encodeRequest({ ...base, requestId: 'req-1', principal, origin }))).toMatchObject({
      requestId: 'req-1',
      principal,
      origin,
      data: { a: 1 },
    });
    expect(
      decodeMessage(encodeEvent({ pattern: 'user.registered', data: {}, requestId: 'req-2', traceparent: '00-t' })),
    ).toMatchObject({ requestId: 'req-2', traceparent: '00-t' });
  });

  it('keeps of an origin header only string fields of sane length, whoever wrote it', () => {
    const base = { pattern: 'token.sessions.create', id: 'c1', replyTo: 'chan', deadline: 123, data: {} };
    const forged = (origin: unknown) => {
      const fields = encodeRequest(base);
      fields.push('or', JSON.stringify(origin));
      return decodeMessage(fields);
    };
    expect(forged({ ip: { $ne: 1 }, userAgent: 'x'.repeat(10_000) })?.origin).toEqual({ userAgent: 'x'.repeat(512) });
    expect(forged({ ip: '1'.repeat(46) })?.origin).toBeUndefined();
    expect(forged(['203.0.113.9'])?.origin).toBeUndefined();
    expect(forged({ ip: '2001:db8::1', extra: 'dropped' })?.origin).toEqual({ ip: '2001:db8::1' });
  });

  it('drops a header that does not parse but keeps the message', () => {
    const fields = [...encodeEvent({ pattern: 'x.y', data: { ok: true } }), 'pr', '{oops'];
    expect(decodeMessage(fields)).toEqual({ kind: 'event', pattern: 'x.y', data: { ok: true } });
  });

  it("carries the deadline on Redis' clock as whole ms", () => {
    const base = { pattern: 'user.find', id: 'c1', replyTo: 'chan', deadline: 123, data: null };
    expect(decodeMessage(encodeRequest({ ...base, redisDeadline: 1764000000123.7 }))).toMatchObject({
      redisDeadline: 1764000000123,
    });
  });

  it('round-trips an event, which has no reply route', () => {
    expect(decodeMessage(encodeEvent({ pattern: 'user.registered', data: { id: 'u1' } }))).toEqual({
      kind: 'event',
      pattern: 'user.registered',
      data: { id: 'u1' },
    });
  });

  it('keeps undefined payloads as null so JSON stays valid', () => {
    expect(decodeMessage(encodeEvent({ pattern: 'x.y', data: undefined }))).toMatchObject({ data: null });
  });

  it.each([[['d', '{}']], [['p', 'x.y']], [['p', 'x.y', 'd', '{not json']]])(
    'rejects a malformed entry %j instead of throwing',
    (fields) => {
      expect(decodeMessage(fields)).toBeNull();
    },
  );
});
