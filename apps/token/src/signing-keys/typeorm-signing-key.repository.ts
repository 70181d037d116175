import { DomainEvent } from '@portcullis/contracts';
import { OutboxWriter } from '@portcullis/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { SigningKeyEntity } from './signing-key.entity';
import { SigningKeyRepository } from './signing-key.repository';

/** One lock for every change to the key set, so creation and rotation never interleave. */
const KEY_SET_LOCK = 'portcullis:tokens:signing-keys';

@Injectable()
export class TypeOrmSigningKeyRepository extends SigningKeyRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {
    super();
  }

  findActive(): Promise<SigningKeyEntity | null> {
    return this.activeIn(this.dataSource.manager);
  }

  ensureActive(create: () => Promise<SigningKeyEntity>): Promise<SigningKeyEntity> {
    return this.underLock(async (manager) => {
      const existing = await this.activeIn(manager);
      if (existing) return existing;
      const key = await create();
      await manager.save(key);
      return key;
    });
  }

  rotate(next: SigningKeyEntity, retiredExpiresAt: Date, announce?: DomainEvent): Promise<void> {
    return this.underLock(async (manager) => {
      await manager.update(SigningKeyEntity, { retiredAt: IsNull() }, { retiredAt: next.createdAt, expiresAt: retiredExpiresAt });
      await manager.save(next);
      if (announce) await this.outbox.add(manager, announce.type, announce);
    });
  }

  listUnexpired(now: Date): Promise<SigningKeyEntity[]> {
    return this.dataSource.manager.find(SigningKeyEntity, {
      where: [{ expiresAt: IsNull() }, { expiresAt: MoreThan(now) }],
      order: { createdAt: 'DESC' },
    });
  }

  private activeIn(manager: EntityManager): Promise<SigningKeyEntity | null> {
    return manager.findOne(SigningKeyEntity, { where: { retiredAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  /** A transaction-scoped advisory lock: released on commit or rollback, even if the process dies. */
  private underLock<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [KEY_SET_LOCK]);
      return work(manager);
    });
  }
}
