import { loginEvent } from '../../test/fakes/audit-events';
import { MalformedAuditEvent, toAuditEntry } from './audit-entry';

describe('toAuditEntry', () => {
  it('takes the actor from actor.id and the origin from meta', () => {
    const event = loginEvent('u-1');
    expect(toAuditEntry(event)).toEqual({
      id: event.id,
      type: 'auth.login.succeeded',
      actorId: 'u-1',
      subject: { type: 'user', id: 'u-1' },
      ip: '203.0.113.7',
      userAgent: 'curl/8.5',
      requestId: 'req-1',
      data: event.data,
      occurredAt: event.occurredAt,
    });
  });

  it('leaves actor and origin empty when the event has none', () => {
    const { actor: _a, meta: _m, ...bare } = loginEvent();
    expect(toAuditEntry(bare)).toMatchObject({ actorId: null, ip: null, userAgent: null, requestId: null });
  });

  it('normalises what PostgreSQL would hand back differently: uuid case, time precision', () => {
    const event = loginEvent('u', {
      id: 'A3C1E0D2-6F0B-4A51-9D3E-5B7C8E9F0A1B',
      occurredAt: '2026-03-04T05:06:07.123456+02:00',
    });
    expect(toAuditEntry(event)).toMatchObject({
      id: 'a3c1e0d2-6f0b-4a51-9d3e-5b7c8e9f0a1b',
      occurredAt: '2026-03-04T03:06:07.123Z',
    });
  });

  it('trims an oversized user agent rather than losing the record', () => {
    const event = loginEvent('u', { meta: { userAgent: 'x'.repeat(5000) } });
    expect(toAuditEntry(event).userAgent).toHaveLength(512);
  });

  it('replaces an oversized data object with a marker', () => {
    const event = loginEvent('u', { data: { blob: 'x'.repeat(40_000) } });
    expect(toAuditEntry(event).data).toEqual({ truncated: true, originalChars: expect.any(Number) });
  });

  it.each([
    ['not an object', 'nope'],
    ['an id that is not a uuid', { ...loginEvent(), id: '42' }],
    ['no type', { ...loginEvent(), type: '' }],
    ['no subject', { ...loginEvent(), subject: undefined }],
    ['a subject without id', { ...loginEvent(), subject: { type: 'user' } }],
    ['data that is not an object', { ...loginEvent(), data: [1, 2] }],
    ['an actor without id', { ...loginEvent(), actor: { type: 'user' } }],
    ['an unreadable time', { ...loginEvent(), occurredAt: 'yesterday' }],
    ['a time PostgreSQL would not read back', { ...loginEvent(), occurredAt: '+275760-09-13T00:00:00.000Z' }],
  ])('rejects %s as malformed (final, never retried)', (_what, raw) => {
    expect(() => toAuditEntry(raw)).toThrow(MalformedAuditEvent);
  });
});
