import { RefreshFamilyRecord, RefreshTokenRecord } from './session.repository';
import { decideRotation } from './refresh-rotation.policy';

const now = new Date('2026-01-01T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

function found(token: Partial<RefreshTokenRecord> = {}, family: Partial<RefreshFamilyRecord> = {}) {
  return {
    token: {
      tokenHash: 'h',
      familyId: 'f',
      createdAt: ago(60),
      expiresAt: later(3600),
      spentAt: null,
      successorHash: null,
      ...token,
    },
    family: {
      id: 'f',
      userId: 'u',
      deviceName: null,
      ip: null,
      userAgent: null,
      createdAt: ago(60),
      lastUsedAt: ago(60),
      expiresAt: later(3600),
      revokedAt: null,
      revokedReason: null,
      ...family,
    },
  };
}

describe('refresh rotation decision', () => {
  it('rotates a fresh, unspent token', () => {
    expect(decideRotation(found(), now, 10)).toBe('rotate');
  });

  it('treats a spent token inside the grace window as a duplicate of the same refresh', () => {
    expect(decideRotation(found({ spentAt: ago(0) }), now, 10)).toBe('grace');
    expect(decideRotation(found({ spentAt: ago(10) }), now, 10)).toBe('grace');
  });

  it('treats a spent token after the grace window as reuse', () => {
    expect(decideRotation(found({ spentAt: ago(11) }), now, 10)).toBe('reuse');
    expect(decideRotation(found({ spentAt: ago(1) }), now, 0)).toBe('reuse');
  });

  it('rejects unknown and expired tokens and tokens of ended sessions, without calling it reuse', () => {
    expect(decideRotation(null, now, 10)).toBe('invalid');
    expect(decideRotation(found({ expiresAt: ago(1) }), now, 10)).toBe('invalid');
    expect(decideRotation(found({ expiresAt: ago(1), spentAt: ago(3600) }), now, 10)).toBe('invalid');
    expect(decideRotation(found({}, { revokedAt: ago(5) }), now, 10)).toBe('invalid');
    expect(decideRotation(found({ spentAt: ago(3600) }, { revokedAt: ago(5) }), now, 10)).toBe('invalid');
    expect(decideRotation(found({}, { expiresAt: ago(1) }), now, 10)).toBe('invalid');
  });
});
