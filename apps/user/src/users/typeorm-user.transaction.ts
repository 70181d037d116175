import { DomainEvent, RoleName } from '@portcullis/contracts';
import { OutboxWriter } from '@portcullis/database';
import { EntityManager } from 'typeorm';
import { toRecord, usersWithRoles } from './user-record.mapper';
import { UserRoleEntity } from './user-role.entity';
import { UserEntity } from './user.entity';
import { AdminChanges, NewUser, ProfileChanges, UserRecord, UserTransaction } from './user.repository';
import { emailSkeleton } from './email-skeleton';
import { isUuid } from '@portcullis/common';

/** One advisory lock for bootstrapping the first super_admin, whichever replica gets there first. */
const BOOTSTRAP_LOCK = 'portcullis:users:bootstrap-admin';

export class TypeOrmUserTransaction implements UserTransaction {
  constructor(
    private readonly manager: EntityManager,
    private readonly outbox: OutboxWriter,
  ) {}

  async lockUsers(ids: string[]): Promise<Map<string, UserRecord>> {
    const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))].sort();
    if (wanted.length === 0) return new Map();
    // Locks only the users rows (FOR UPDATE cannot reach the outer-joined roles); every change to a
    // user's roles takes its row lock first, so that is enough. ORDER BY makes the lock order fixed.
    await this.manager.query('SELECT id FROM "users"."users" WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [
      wanted,
    ]);
    const found = await usersWithRoles(this.manager).where('u.id IN (:...ids)', { ids: wanted }).getMany();
    return new Map(found.map((entity) => [entity.id, toRecord(entity)]));
  }

  async applyAdminChanges(id: string, changes: AdminChanges): Promise<UserRecord> {
    if (changes.roles) {
      await this.manager.delete(UserRoleEntity, { userId: id });
      await this.manager.insert(
        UserRoleEntity,
        changes.roles.map((role) => ({ userId: id, role })),
      );
    }
    const set = changes.isActive === undefined ? {} : { isActive: changes.isActive };
    // updated_at moves even when only the roles changed: they are part of what a client sees.
    await this.manager
      .createQueryBuilder()
      .update(UserEntity)
      .set({ ...set, updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
    return (await this.findBy('u.id = :id', { id }))!;
  }

  async delete(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.manager.delete(UserEntity, { id });
    return (result.affected ?? 0) > 0;
  }

  async lockBootstrap(): Promise<void> {
    await this.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [BOOTSTRAP_LOCK]);
  }

  anyWithRole(role: RoleName): Promise<boolean> {
    return this.manager.getRepository(UserRoleEntity).exists({ where: { role } });
  }

  findByEmail(email: string): Promise<UserRecord | null> {
    return this.findBy('u.email = :email', { email });
  }

  async insert(user: NewUser): Promise<UserRecord | null> {
    const { role, ...fields } = user;
    // ON CONFLICT DO NOTHING rather than catching the unique violation, which would abort the transaction.
    // Either unique index refuses: the email itself, or its look-alike skeleton.
    const values = { ...fields, emailSkeleton: emailSkeleton(fields.email) };
    const result = await this.manager
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values(values)
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (result.raw as Array<{ id: string }>)[0]?.id;
    if (!id) return null;
    await this.manager.insert(UserRoleEntity, { userId: id, role });
    return this.findBy('u.id = :id', { id });
  }

  async grantRole(id: string, role: RoleName): Promise<void> {
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(UserRoleEntity)
      .values({ userId: id, role })
      .orIgnore()
      .execute();
    await this.manager
      .createQueryBuilder()
      .update(UserEntity)
      .set({ updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
  }

  async updateProfile(id: string, changes: ProfileChanges): Promise<UserRecord | null> {
    if (!isUuid(id)) return null;
    await this.manager.update(UserEntity, { id }, changes);
    return this.findBy('u.id = :id', { id });
  }

  async replacePasswordHash(id: string, expected: string, next: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.manager.update(UserEntity, { id, passwordHash: expected }, { passwordHash: next });
    return result.affected === 1;
  }

  announce(event: DomainEvent): Promise<void> {
    return this.outbox.add(this.manager, event.type, event);
  }

  private async findBy(where: string, params: Record<string, string>): Promise<UserRecord | null> {
    const found = await usersWithRoles(this.manager).where(where, params).getOne();
    return found ? toRecord(found) : null;
  }
}
