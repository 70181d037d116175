import { sha256Hex } from '@portcullis/security';
import { GENESIS_HASH, linksSoundly, recordHash, sealEntry } from './audit-chain';
import { AuditEntry } from './audit-record';

const entry: AuditEntry = {
  id: '5d7f3c2a-1b4e-4f6a-9c8d-0e1f2a3b4c5d',
  type: 'auth.logout',
  actorId: 'u1',
  subject: { type: 'user', id: 'u1' },
  ip: '203.0.113.7',
  userAgent: 'curl/8.5',
  requestId: 'req-1',
  data: { sessionId: 's1' },
  occurredAt: '2026-01-02T03:04:05.678Z',
};

describe('the audit hash chain', () => {
  it('hashes the canonical JSON of the columns, so anyone can recompute it from the table', () => {
    const record = sealEntry(entry, { seq: 1, prevHash: GENESIS_HASH });
    const canonical =
      '{"actor_id":"u1","data":{"sessionId":"s1"},"id":"5d7f3c2a-1b4e-4f6a-9c8d-0e1f2a3b4c5d","ip":"203.0.113.7",' +
      `"occurred_at":"2026-01-02T03:04:05.678Z","prev_hash":"${GENESIS_HASH}","request_id":"req-1","seq":1,` +
      '"subject":{"id":"u1","type":"user"},"type":"auth.logout","user_agent":"curl/8.5"}';
    expect(record.hash).toBe(sha256Hex(canonical));
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('changes when any hashed field changes', () => {
    const base = sealEntry(entry, { seq: 1, prevHash: GENESIS_HASH });
    const variants = [
      { ...base, seq: 2 },
      { ...base, type: 'auth.login.succeeded' },
      { ...base, actorId: null },
      { ...base, subject: { type: 'user', id: 'u2' } },
      { ...base, ip: null },
      { ...base, data: { sessionId: 's2' } },
      { ...base, occurredAt: '2026-01-02T03:04:05.679Z' },
      { ...base, prevHash: 'f'.repeat(64) },
    ];
    for (const variant of variants) expect(recordHash(variant)).not.toBe(base.hash);
  });

  it('accepts a record that links to its predecessor and matches its content, and nothing else', () => {
    const first = sealEntry(entry, { seq: 1, prevHash: GENESIS_HASH });
    const second = sealEntry(
      { ...entry, id: '6d7f3c2a-1b4e-4f6a-9c8d-0e1f2a3b4c5d' },
      { seq: 2, prevHash: first.hash },
    );
    expect(linksSoundly(first, GENESIS_HASH)).toBe(true);
    expect(linksSoundly(second, first.hash)).toBe(true);
    expect(linksSoundly(second, GENESIS_HASH)).toBe(false);
    expect(linksSoundly({ ...second, data: { sessionId: 'edited' } }, first.hash)).toBe(false);
  });
});
