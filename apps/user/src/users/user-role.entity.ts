import { RoleName } from '@portcullis/contracts';
import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { UserEntity } from './user.entity';

/** A role assigned to a user. */
@Entity('user_roles')
export class UserRoleEntity {
  @PrimaryColumn('uuid')
  userId: string;

  @PrimaryColumn('text')
  role: RoleName;

  // Imported lazily by name: user.entity.ts imports this file too.
  @ManyToOne('UserEntity', 'roles', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;
}
