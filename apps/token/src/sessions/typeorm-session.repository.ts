import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainEvent } from '@portcullis/contracts';
import { OutboxWriter } from '@portcullis/database';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { RefreshFamilyEntity } from './refresh-family.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import {
  RefreshFamilyRecord,
  RefreshTokenRecord,
  SessionRepository,
  SessionTouch,
  SpendOutcome,
} from './session.repository';

/** Thrown inside the spend transaction to roll back the family update when another call won. */
class LostRace extends Error {}

/** Records in, records out: the entities stay inside this adapter. */
@Injectable()
export class TypeOrmSessionRepository extends SessionRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {
    super();
  }

  async createFamily(family: RefreshFamilyRecord, token: RefreshTokenRecord, announce: DomainEvent): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(RefreshFamilyEntity, family);
      await manager.insert(RefreshTokenEntity, token);
      await this.outbox.add(manager, announce.type, announce);
    });
  }

  async findToken(tokenHash: string): Promise<{ token: RefreshTokenRecord; family: RefreshFamilyRecord } | null> {
    const token = await this.dataSource.manager.findOneBy(RefreshTokenEntity, { tokenHash });
    const family = token && (await this.dataSource.manager.findOneBy(RefreshFamilyEntity, { id: token.familyId }));
    return token && family ? { token: { ...token }, family: { ...family } } : null;
  }

  /**
   * The family row is updated first (only while not revoked), which also locks it: rotations of one
   * family and its revocation are serialized, so no successor is ever born into a revoked family.
   * The token is then spent with `WHERE spent_at IS NULL`: of two concurrent calls exactly one wins.
   */
  spend(tokenHash: string, successor: RefreshTokenRecord, touch: SessionTouch): Promise<SpendOutcome> {
    return this.dataSource
      .transaction(async (manager): Promise<SpendOutcome> => {
        const touched = await manager.update(
          RefreshFamilyEntity,
          { id: successor.familyId, revokedAt: IsNull() },
          familyUse(touch, successor),
        );
        if (touched.affected !== 1) return 'family_revoked';
        const spent = await manager.update(
          RefreshTokenEntity,
          { tokenHash, spentAt: IsNull() },
          { spentAt: touch.at, successorHash: successor.tokenHash },
        );
        if (spent.affected !== 1) throw new LostRace();
        await manager.insert(RefreshTokenEntity, successor);
        return 'rotated';
      })
      .catch((err: unknown) => {
        if (err instanceof LostRace) return 'already_spent';
        throw err;
      });
  }

  async findFamily(id: string): Promise<RefreshFamilyRecord | null> {
    const family = await this.dataSource.manager.findOneBy(RefreshFamilyEntity, { id });
    return family && { ...family };
  }

  async revokeFamily(id: string, reason: string, at: Date, announce?: DomainEvent): Promise<boolean> {
    if (!announce) return this.revokeFamilyIn(this.dataSource.manager, id, reason, at);
    return this.dataSource.transaction(async (manager) => {
      const revoked = await this.revokeFamilyIn(manager, id, reason, at);
      if (revoked) await this.outbox.add(manager, announce.type, announce);
      return revoked;
    });
  }

  async revokeUserFamilies(userId: string, exceptId: string | null, reason: string, at: Date): Promise<string[]> {
    const query = this.dataSource
      .createQueryBuilder()
      .update(RefreshFamilyEntity)
      .set({ revokedAt: at, revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL AND expires_at > :at', { userId, at });
    if (exceptId) query.andWhere('id <> :exceptId', { exceptId });
    const result = await query.returning(['id']).execute();
    return (result.raw as Array<{ id: string }>).map((row) => row.id);
  }

  private async revokeFamilyIn(manager: EntityManager, id: string, reason: string, at: Date): Promise<boolean> {
    const result = await manager.update(
      RefreshFamilyEntity,
      { id, revokedAt: IsNull() },
      { revokedAt: at, revokedReason: reason },
    );
    return result.affected === 1;
  }

  async listActive(userId: string, now: Date): Promise<RefreshFamilyRecord[]> {
    const families = await this.dataSource.manager.find(RefreshFamilyEntity, {
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { createdAt: 'DESC' },
    });
    return families.map((family) => ({ ...family }));
  }
}

/** Where and when the session was last used; a missing ip or user agent keeps the previous one. */
function familyUse(touch: SessionTouch, successor: RefreshTokenRecord): Partial<RefreshFamilyRecord> {
  return {
    lastUsedAt: touch.at,
    expiresAt: successor.expiresAt,
    ...(touch.ip ? { ip: touch.ip } : {}),
    ...(touch.userAgent ? { userAgent: touch.userAgent } : {}),
  };
}
