import { appDataSourceOptions } from '@portcullis/database';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { UserConfig } from './config/user.config';
import { userMigrations } from './migrations';
import { PermissionEntity } from './roles/permission.entity';
import { RolePermissionEntity } from './roles/role-permission.entity';
import { RoleEntity } from './roles/role.entity';
import { UserRoleEntity } from './users/user-role.entity';
import { UserEntity } from './users/user.entity';

export const USER_SCHEMA = 'users';

export function userDataSourceOptions(config: UserConfig): PostgresConnectionOptions {
  return appDataSourceOptions({
    url: config.DATABASE_URL,
    schema: USER_SCHEMA,
    entities: [UserEntity, UserRoleEntity, RoleEntity, PermissionEntity, RolePermissionEntity],
    migrations: userMigrations,
    applicationName: 'user',
  });
}
