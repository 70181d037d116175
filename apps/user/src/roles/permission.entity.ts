import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A `resource:action` permission, e.g. `api-keys:write`. */
@Entity('permissions')
export class PermissionEntity {
  @PrimaryColumn('text')
  name: string;

  @Column('text')
  description: string;
}
