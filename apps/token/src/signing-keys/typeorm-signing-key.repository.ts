import { DomainEvent } from '@portcullis/contracts';
import { OutboxWriter } from '@portcullis/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { SigningKeyEntity } from './signing-key.entity';
import { SigningKeyRecord, SigningKeyRepository } from './signing-key.repository';

/** One lock for every change to the key set, so creation and rotation never interleave. */
const KEY_SET_LOCK = 'portcullis:tokens:signing-keys';

/** Records in, records out: the entity stays inside this adapter. */
@Injectable()
export class TypeOrmSigningKeyRepository extends SigningKeyRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {
    super();
  }

  findActive(): Promise<SigningKeyRecord | null> {
    return this.activeIn(this.dataSource.manager);
  }

  ensureActive(create: () => Promise<SigningKeyRecord>): Promise<SigningKeyRecord> {
    return this.underLock(async (manager) => {
      const existing = await this.activeIn(manager);
      if (existing) return existing;
      const key = await create();
      await manager.save(SigningKeyEntity, { ...key });
      return key;
    });
  }

  rotate(next: SigningKeyRecord, retiredExpiresAt: Date, announce?: DomainEvent): Promise<void> {
    return this.underLock(async (manager) => {
      await manager.update(
        SigningKeyEntity,
        { retiredAt: IsNull() },
        { retiredAt: next.createdAt, expiresAt: retiredExpiresAt },
      );
      await manager.save(SigningKeyEntity, { ...next });
      if (announce) await this.outbox.add(manager, announce.type, announce);
    });
  }

  async listUnexpired(now: Date): Promise<SigningKeyRecord[]> {
    const keys = await this.dataSource.manager.find(SigningKeyEntity, {
      where: [{ expiresAt: IsNull() }, { expiresAt: MoreThan(now) }],
      order: { createdAt: 'DESC' },
    });
    return keys.map((key) => ({ ...key }));
  }

  private async activeIn(manager: EntityManager): Promise<SigningKeyRecord | null> {
    const key = await manager.findOne(SigningKeyEntity, {
      where: { retiredAt: IsNull() },
      order: { createdAt: 'DESC' },
    });
    return key && { ...key };
  }

  /** A transaction-scoped advisory lock: released on commit or rollback, even if the process dies. */
  private underLock<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [KEY_SET_LOCK]);
      return work(manager);
    });
  }
}
