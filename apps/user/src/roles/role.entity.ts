import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One of the six roles; `rank` orders them and drives inheritance (a role has every lower role's permissions). */
@Entity('roles')
export class RoleEntity {
  @PrimaryColumn('text')
  name: string;

  @Column('integer')
  rank: number;

  @Column('text')
  description: string;
}
