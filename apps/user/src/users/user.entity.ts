import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { UserRoleEntity } from './user-role.entity';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Always stored normalised (trimmed, lower-case), so the unique index compares case-insensitively. */
  @Column('text')
  email: string;

  /** What the address looks like on screen (email-skeleton.ts); unique, so no look-alike of an account can register. */
  @Column({ type: 'text', nullable: true })
  emailSkeleton: string | null;

  @Column({ type: 'text', nullable: true })
  displayName: string | null;

  /** bcrypt; never leaves this app (UserDto has no such field). */
  @Column('text')
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @OneToMany(() => UserRoleEntity, (assignment) => assignment.user)
  roles?: UserRoleEntity[];
}
