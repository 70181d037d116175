import { DynamicModule, Module } from '@nestjs/common';
import { coreImports, pingControllerFor } from '@portcullis/runtime';
import { AuthMessageController } from './auth.message-controller';
import { AuthConfig } from './config/auth.config';
import { LoginUseCase } from './login/login.use-case';
import { LogoutUseCase } from './logout/logout.use-case';
import { ChangePasswordUseCase } from './password/change-password.use-case';
import { ProfileUseCase } from './profile/profile.use-case';
import { RefreshUseCase } from './refresh/refresh.use-case';
import { RegisterUseCase } from './register/register.use-case';
import { SessionsUseCase } from './sessions/sessions.use-case';

/** Auth owns no data: it orchestrates user, token and security over the bus. */
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig, instanceId: string): DynamicModule {
    return {
      module: AuthModule,
      imports: coreImports('auth', config, undefined, ['user', 'security', 'token']),
      controllers: [pingControllerFor('auth', instanceId), AuthMessageController],
      providers: [
        RegisterUseCase,
        LoginUseCase,
        RefreshUseCase,
        LogoutUseCase,
        ChangePasswordUseCase,
        ProfileUseCase,
        SessionsUseCase,
      ],
    };
  }
}
