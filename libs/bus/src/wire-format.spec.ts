import { decodeMessage, encodeEvent, encodeRequest } from './wire-format';

describe('bus wire format', () => {
  it('round-trips a request with its reply route, deadline and trace context', () => {
    const fields = encodeRequest({ pattern: 'user.find', id: 'c1', replyTo: 'chan', deadline: 123, data: { a: 1 }, traceparent: '00-abc' });
    expect(decodeMessage(fields)).toEqual({ kind: 'rpc', pattern: 'user.find', id: 'c1', replyTo: 'chan', deadline: 123, budget: undefined, data: { a: 1 }, traceparent: '00-abc' });
  });

  it('carries the remaining budget as whole ms, never negative', () => {
    const base = { pattern: 'user.find', id: 'c1', replyTo: 'chan', deadline: 123, data: null };
    expect(decodeMessage(encodeRequest({ ...base, budget: 1234.7 }))).toMatchObject({ budget: 1234 });
    expect(decodeMessage(encodeRequest({ ...base, budget: -5 }))).toMatchObject({ budget: 0 });
  });

  it('round-trips an event, which has no reply route', () => {
    expect(decodeMessage(encodeEvent({ pattern: 'user.registered', data: { id: 'u1' } }))).toEqual({
      kind: 'event',
      pattern: 'user.registered',
      data: { id: 'u1' },
      traceparent: undefined,
    });
  });

  it('keeps undefined payloads as null so JSON stays valid', () => {
    expect(decodeMessage(encodeEvent({ pattern: 'x.y', data: undefined }))).toMatchObject({ data: null });
  });

  it.each([
    [['d', '{}']],
    [['p', 'x.y']],
    [['p', 'x.y', 'd', '{not json']],
  ])('rejects a malformed entry %j instead of throwing', (fields) => {
    expect(decodeMessage(fields)).toBeNull();
  });
});
