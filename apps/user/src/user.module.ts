import { DynamicModule, Module } from '@nestjs/common';
import { coreImports, pingControllerFor } from '@portcullis/runtime';
import { UserConfig } from './config/user.config';
import { BcryptPasswordHasher } from './credentials/bcrypt-password-hasher';
import { ChangePasswordUseCase } from './credentials/change-password.use-case';
import { CredentialsMessageController } from './credentials/credentials.message-controller';
import { PasswordHasher } from './credentials/password-hasher';
import { PasswordRules } from './credentials/password-rules';
import { VerifyCredentialsUseCase } from './credentials/verify-credentials.use-case';
import { userDataSourceOptions } from './data-source';
import { PermissionsForRolesUseCase } from './roles/permissions-for-roles.use-case';
import { RoleRepository } from './roles/role.repository';
import { RolesMessageController } from './roles/roles.message-controller';
import { TypeOrmRoleRepository } from './roles/typeorm-role.repository';
import { CreateUserUseCase } from './users/create-user.use-case';
import { FindUserUseCase } from './users/find-user.use-case';
import { TypeOrmUserRepository } from './users/typeorm-user.repository';
import { UpdateProfileUseCase } from './users/update-profile.use-case';
import { UserEventPublisher } from './users/user-events.publisher';
import { UserRepository } from './users/user.repository';
import { UsersMessageController } from './users/users.message-controller';

/** Users, roles and bcrypt hashes; the `users` schema is this app's alone. */
@Module({})
export class UserModule {
  static forRoot(config: UserConfig, instanceId: string): DynamicModule {
    return {
      module: UserModule,
      imports: coreImports('user', config, userDataSourceOptions(config)),
      controllers: [pingControllerFor('user', instanceId), UsersMessageController, CredentialsMessageController, RolesMessageController],
      providers: [
        { provide: UserRepository, useClass: TypeOrmUserRepository },
        { provide: RoleRepository, useClass: TypeOrmRoleRepository },
        { provide: PasswordHasher, useFactory: () => new BcryptPasswordHasher(config.BCRYPT_COST) },
        { provide: PasswordRules, useFactory: () => new PasswordRules(config.PASSWORD_MIN_LENGTH) },
        UserEventPublisher,
        CreateUserUseCase,
        FindUserUseCase,
        UpdateProfileUseCase,
        VerifyCredentialsUseCase,
        ChangePasswordUseCase,
        PermissionsForRolesUseCase,
      ],
    };
  }
}
