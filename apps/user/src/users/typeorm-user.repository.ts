import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ROLE_NAMES } from '@portcullis/contracts';
import { DataSource, QueryFailedError } from 'typeorm';
import { UserRoleEntity } from './user-role.entity';
import { UserEntity } from './user.entity';
import { NewUser, ProfileChanges, UserRecord, UserRepository } from './user.repository';
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
   * One query, hit or miss. (`findOne` with a relation adds a second query only when a row exists,
   * which would make a login for a known email measurably slower than for an unknown one.)
   */
  private async findOneWithRoles(where: string, params: Record<string, string>): Promise<UserRecord | null> {
    const found = await this.users.createQueryBuilder('u').leftJoinAndSelect('u.roles', 'r').where(where, params).getOne();
    return found ? toRecord(found) : null;
  }
}

function isEmailTaken(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = err.driverError as { code?: string; constraint?: string };
  return driverError.code === UNIQUE_VIOLATION && driverError.constraint === EMAIL_INDEX;
}

/** Roles in rank order: ROLE_NAMES lists them lowest first, exactly as the roles table ranks them. */
function toRecord(entity: UserEntity): UserRecord {
  const roles = (entity.roles ?? []).map((r) => r.role).sort((a, b) => ROLE_NAMES.indexOf(a) - ROLE_NAMES.indexOf(b));
  return {
    id: entity.id,
    email: entity.email,
    displayName: entity.displayName,
    passwordHash: entity.passwordHash,
    isActive: entity.isActive,
    roles,
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
  };
}
