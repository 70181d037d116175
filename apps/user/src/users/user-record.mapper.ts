import { ROLE_NAMES } from '@portcullis/contracts';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { UserEntity } from './user.entity';
import { UserRecord } from './user.repository';

/**
 * Users with their roles in one query, hit or miss. (`findOne` with a relation adds a second query
 * only when a row exists, which would make a login for a known email measurably slower than for
 * an unknown one.)
 */
export function usersWithRoles(manager: EntityManager): SelectQueryBuilder<UserEntity> {
  return manager.getRepository(UserEntity).createQueryBuilder('u').leftJoinAndSelect('u.roles', 'r');
}

/** Roles in rank order: ROLE_NAMES lists them lowest first, exactly as the roles table ranks them. */
export function toRecord(entity: UserEntity): UserRecord {
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
