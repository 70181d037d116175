import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, QueryFailedError } from 'typeorm';
import { containsPattern } from './like-pattern';
import { TypeOrmUserTransaction } from './typeorm-user.transaction';
import { toRecord, usersWithRoles } from './user-record.mapper';
import { UserRoleEntity } from './user-role.entity';
import { UserEntity } from './user.entity';
import { NewUser, ProfileChanges, UserListQuery, UserRecord, UserRepository, UserTransaction } from './user.repository';
import { isUuid } from './uuid';

/** The index from migration 1763856000000; its violation is how a taken email is detected. */
const EMAIL_INDEX = 'users_email_unique';
const UNIQUE_VIOLATION = '23505';

@Injectable()
export class TypeOrmUserRepository extends UserRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  private get users() {
    return this.dataSource.getRepository(UserEntity);
  }

  async insert(user: NewUser): Promise<UserRecord | null> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const { role, ...fields } = user;
        const saved = await manager.save(manager.create(UserEntity, fields));
        await manager.insert(UserRoleEntity, { userId: saved.id, role });
        return toRecord({ ...saved, roles: [{ userId: saved.id, role }] });
      });
    } catch (err) {
      if (isEmailTaken(err)) return null;
      throw err;
    }
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    return this.findOneWithRoles('u.email = :email', { email });
  }

  async findById(id: string): Promise<UserRecord | null> {
    return isUuid(id) ? this.findOneWithRoles('u.id = :id', { id }) : null;
  }

  async updateProfile(id: string, changes: ProfileChanges): Promise<UserRecord | null> {
    if (!isUuid(id)) return null;
    await this.users.update({ id }, changes);
    return this.findById(id);
  }

  async replacePasswordHash(id: string, expected: string, next: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.users.update({ id, passwordHash: expected }, { passwordHash: next });
    return result.affected === 1;
  }

  /**
   * A page of users, then their roles by id: paging a join would page role rows, not users. ILIKE
   * on each column can use the trigram indexes of migration 1763942400000 (when pg_trgm exists).
   */
  async list({ offset, limit, search }: UserListQuery): Promise<{ items: UserRecord[]; total: number }> {
    const query = this.users.createQueryBuilder('u');
    if (search) {
      query.where(`(u.email ILIKE :pattern ESCAPE '\\' OR u.displayName ILIKE :pattern ESCAPE '\\')`, { pattern: containsPattern(search) });
    }
    const [rows, total] = await query.orderBy('u.createdAt', 'DESC').addOrderBy('u.id', 'DESC').offset(offset).limit(limit).getManyAndCount();
    const roles = rows.length ? await this.dataSource.getRepository(UserRoleEntity).find({ where: { userId: In(rows.map((r) => r.id)) } }) : [];
    const items = rows.map((row) => toRecord({ ...row, roles: roles.filter((r) => r.userId === row.id) }));
    return { items, total };
  }

  transaction<T>(work: (tx: UserTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new TypeOrmUserTransaction(manager)));
  }

  private async findOneWithRoles(where: string, params: Record<string, string>): Promise<UserRecord | null> {
    const found = await usersWithRoles(this.dataSource.manager).where(where, params).getOne();
    return found ? toRecord(found) : null;
  }
}

function isEmailTaken(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = err.driverError as { code?: string; constraint?: string };
  return driverError.code === UNIQUE_VIOLATION && driverError.constraint === EMAIL_INDEX;
}
