import { DomainEvent } from '@portcullis/contracts';
import {
  RefreshFamilyRecord,
  RefreshTokenRecord,
  SessionRepository,
  SessionTouch,
  SpendOutcome,
} from '../../src/sessions/session.repository';

/** The PostgreSQL repository's behaviour in memory; each method is atomic as the real one is. */
export class InMemorySessionRepository extends SessionRepository {
  readonly families = new Map<string, RefreshFamilyRecord>();
  readonly tokens = new Map<string, RefreshTokenRecord>();
  /** Events committed with a revocation, as the outbox would hold them for the relay. */
  readonly outbox: Array<{ type: string; data: DomainEvent }> = [];

  async createFamily(family: RefreshFamilyRecord, token: RefreshTokenRecord, announce: DomainEvent): Promise<void> {
    this.families.set(family.id, { ...family });
    this.tokens.set(token.tokenHash, { ...token });
    this.outbox.push({ type: announce.type, data: announce });
  }

  async findToken(tokenHash: string): Promise<{ token: RefreshTokenRecord; family: RefreshFamilyRecord } | null> {
    const token = this.tokens.get(tokenHash);
    const family = token && this.families.get(token.familyId);
    return token && family ? { token: { ...token }, family: { ...family } } : null;
  }

  async spend(tokenHash: string, successor: RefreshTokenRecord, touch: SessionTouch): Promise<SpendOutcome> {
    const family = this.families.get(successor.familyId);
    if (!family || family.revokedAt) return 'family_revoked';
    const token = this.tokens.get(tokenHash);
    if (!token || token.spentAt) return 'already_spent';
    Object.assign(token, { spentAt: touch.at, successorHash: successor.tokenHash });
    Object.assign(family, {
      lastUsedAt: touch.at,
      expiresAt: successor.expiresAt,
      ip: touch.ip ?? family.ip,
      userAgent: touch.userAgent ?? family.userAgent,
    });
    this.tokens.set(successor.tokenHash, { ...successor });
    return 'rotated';
  }

  async findFamily(id: string): Promise<RefreshFamilyRecord | null> {
    const family = this.families.get(id);
    return family ? { ...family } : null;
  }

  async revokeFamily(id: string, reason: string, at: Date, announce?: DomainEvent): Promise<boolean> {
    const family = this.families.get(id);
    if (!family || family.revokedAt) return false;
    Object.assign(family, { revokedAt: at, revokedReason: reason });
    if (announce) this.outbox.push({ type: announce.type, data: announce });
    return true;
  }

  async revokeUserFamilies(userId: string, exceptId: string | null, reason: string, at: Date): Promise<string[]> {
    const targets = [...this.families.values()].filter(
      (f) => f.userId === userId && !f.revokedAt && f.expiresAt > at && f.id !== exceptId,
    );
    targets.forEach((f) => Object.assign(f, { revokedAt: at, revokedReason: reason }));
    return targets.map((f) => f.id);
  }

  async listActive(userId: string, now: Date): Promise<RefreshFamilyRecord[]> {
    return [...this.families.values()]
      .filter((f) => f.userId === userId && !f.revokedAt && f.expiresAt > now)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((f) => ({ ...f }));
  }
}
