import { DynamicModule, Module } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { OutboxModule } from '@portcullis/database';
import { coreImports, pingControllerFor } from '@portcullis/runtime';
import { AdminDeleteUserUseCase } from './admin/admin-delete-user.use-case';
import { AdminUpdateUserUseCase } from './admin/admin-update-user.use-case';
import { AdminUsersMessageController } from './admin/admin-users.message-controller';
import { BusSessionRevoker } from './admin/bus-session-revoker';
import { ListUsersUseCase } from './admin/list-users.use-case';
import { SessionRevoker } from './admin/session-revoker';
import { BootstrapPasswordFile } from './bootstrap/bootstrap-password-file';
import { BOOTSTRAP_ADMIN_SETTINGS, EnsureSuperAdminUseCase } from './bootstrap/ensure-super-admin.use-case';
import { SuperAdminBootstrap } from './bootstrap/super-admin.bootstrap';
import { UserConfig } from './config/user.config';
import { BcryptPasswordHasher } from './credentials/bcrypt-password-hasher';
import { ChangePasswordUseCase } from './credentials/change-password.use-case';
import { CredentialsMessageController } from './credentials/credentials.message-controller';
import { PasswordHasher } from './credentials/password-hasher';
import { PasswordRules } from './credentials/password-rules';
import { VerifyCredentialsUseCase } from './credentials/verify-credentials.use-case';
import { USER_SCHEMA, userDataSourceOptions } from './data-source';
import { ListRolesUseCase } from './roles/list-roles.use-case';
import { PermissionsForRolesUseCase } from './roles/permissions-for-roles.use-case';
import { RoleCatalogStore } from './roles/role-catalog.store';
import { ROLES_MIGRATED_AT_START, RolesChangedNotice } from './roles/roles-changed.notice';
import { RoleRepository } from './roles/role.repository';
import { RolesMessageController } from './roles/roles.message-controller';
import { TypeOrmRoleRepository } from './roles/typeorm-role.repository';
import { CreateUserUseCase } from './users/create-user.use-case';
import { FindUserUseCase } from './users/find-user.use-case';
import { TypeOrmUserRepository } from './users/typeorm-user.repository';
import { UpdateProfileUseCase } from './users/update-profile.use-case';
import { UserViews } from './users/user-views';
import { UserRepository } from './users/user.repository';
import { UsersMessageController } from './users/users.message-controller';

/** Users, roles and bcrypt hashes; the `users` schema is this app's alone. */
@Module({})
export class UserModule {
  /** `migratedAtStart`: this process applied migrations before starting (see RolesChangedNotice). */
  static forRoot(config: UserConfig, instanceId: string, migratedAtStart = false): DynamicModule {
    return {
      module: UserModule,
      imports: [
        ...coreImports('user', config, userDataSourceOptions(config), ['token']),
        // Domain events leave through the outbox, committed with the change they announce.
        OutboxModule.forRoot({ schema: USER_SCHEMA, publisher: BusClient }),
      ],
      controllers: [
        pingControllerFor('user', instanceId),
        UsersMessageController,
        CredentialsMessageController,
        RolesMessageController,
        AdminUsersMessageController,
      ],
      providers: [
        { provide: UserRepository, useClass: TypeOrmUserRepository },
        { provide: RoleRepository, useClass: TypeOrmRoleRepository },
        { provide: PasswordHasher, useFactory: () => new BcryptPasswordHasher(config.BCRYPT_COST) },
        { provide: PasswordRules, useFactory: () => new PasswordRules(config.PASSWORD_MIN_LENGTH) },
        { provide: SessionRevoker, useClass: BusSessionRevoker },
        { provide: BOOTSTRAP_ADMIN_SETTINGS, useValue: config },
        { provide: BootstrapPasswordFile, useFactory: () => new BootstrapPasswordFile(process.cwd()) },
        UserViews,
        RoleCatalogStore,
        RolesChangedNotice,
        { provide: ROLES_MIGRATED_AT_START, useValue: migratedAtStart },
        CreateUserUseCase,
        FindUserUseCase,
        UpdateProfileUseCase,
        VerifyCredentialsUseCase,
        ChangePasswordUseCase,
        PermissionsForRolesUseCase,
        ListRolesUseCase,
        ListUsersUseCase,
        AdminUpdateUserUseCase,
        AdminDeleteUserUseCase,
        EnsureSuperAdminUseCase,
        SuperAdminBootstrap,
      ],
    };
  }
}
