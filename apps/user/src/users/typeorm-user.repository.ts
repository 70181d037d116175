import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxWriter } from '@portcullis/database';
import { DataSource, In } from 'typeorm';
import { containsPattern } from './like-pattern';
import { TypeOrmUserTransaction } from './typeorm-user.transaction';
import { toRecord, usersWithRoles } from './user-record.mapper';
import { UserRoleEntity } from './user-role.entity';
import { UserEntity } from './user.entity';
import { NewUser, UserListQuery, UserRecord, UserRepository, UserTransaction } from './user.repository';
import { isUuid } from '@portcullis/common';

@Injectable()
export class TypeOrmUserRepository extends UserRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {
    super();
  }

  private get users() {
    return this.dataSource.getRepository(UserEntity);
  }

  /** Registration's write outside a use-case transaction (seeding, tests): the same insert. */
  insert(user: NewUser): Promise<UserRecord | null> {
    return this.transaction((tx) => tx.insert(user));
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    return this.findOneWithRoles('u.email = :email', { email });
  }

  async findById(id: string): Promise<UserRecord | null> {
    return isUuid(id) ? this.findOneWithRoles('u.id = :id', { id }) : null;
  }

  /**
   * A page of users, then their roles by id: paging a join would page role rows, not users. ILIKE
   * on each column can use the trigram indexes of migration 1763942400000 (when pg_trgm exists).
   */
  async list({ offset, limit, search }: UserListQuery): Promise<{ items: UserRecord[]; total: number }> {
    const query = this.users.createQueryBuilder('u');
    if (search) {
      query.where(`(u.email ILIKE :pattern ESCAPE '\\' OR u.displayName ILIKE :pattern ESCAPE '\\')`, {
        pattern: containsPattern(search),
      });
    }
    const [rows, total] = await query
      .orderBy('u.createdAt', 'DESC')
      .addOrderBy('u.id', 'DESC')
      .offset(offset)
      .limit(limit)
      .getManyAndCount();
    const roles = rows.length
      ? await this.dataSource.getRepository(UserRoleEntity).find({ where: { userId: In(rows.map((r) => r.id)) } })
      : [];
    const items = rows.map((row) => toRecord({ ...row, roles: roles.filter((r) => r.userId === row.id) }));
    return { items, total };
  }

  transaction<T>(work: (tx: UserTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new TypeOrmUserTransaction(manager, this.outbox)));
  }

  private async findOneWithRoles(where: string, params: Record<string, string>): Promise<UserRecord | null> {
    const found = await usersWithRoles(this.dataSource.manager).where(where, params).getOne();
    return found ? toRecord(found) : null;
  }
}
