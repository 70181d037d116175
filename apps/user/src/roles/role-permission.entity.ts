import { Entity, PrimaryColumn } from 'typeorm';

/** A grant to the lowest role that should hold the permission; higher roles inherit it. */
@Entity('role_permissions')
export class RolePermissionEntity {
  @PrimaryColumn('text')
  role: string;

  @PrimaryColumn('text')
  permission: string;
}
