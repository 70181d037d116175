import { DynamicModule, Module } from '@nestjs/common';
import { SecurityConfig } from '../config/security.config';
import { CheckLoginUseCase } from './check-login.use-case';
import { DEVICE_TOKEN_SETTINGS, DeviceTokens, DeviceTokenSettings } from './device-token';
import { LockoutMessageController } from './lockout.message-controller';
import { LOCKOUT_POLICY, lockoutPolicyFrom } from './lockout-policy';
import { LoginAttemptStore } from './login-attempt.store';
import { RecordLoginFailureUseCase } from './record-login-failure.use-case';
import { RecordLoginSuccessUseCase } from './record-login-success.use-case';
import { RedisLoginAttemptStore } from './redis-login-attempt.store';
import { ReleaseLoginUseCase } from './release-login.use-case';
import { UnlockAccountUseCase } from './unlock-account.use-case';

/** Login lockout, trusted devices and the per-IP failed-login throttle. Needs the global RedisModule and BusModule. */
@Module({})
export class LockoutModule {
  static forRoot(config: SecurityConfig): DynamicModule {
    return {
      module: LockoutModule,
      controllers: [LockoutMessageController],
      providers: [
        { provide: LOCKOUT_POLICY, useValue: lockoutPolicyFrom(config) },
        { provide: LoginAttemptStore, useClass: RedisLoginAttemptStore },
        {
          provide: DEVICE_TOKEN_SETTINGS,
          useValue: { secret: config.DEVICE_TOKEN_SECRET, ttlSeconds: config.DEVICE_TOKEN_TTL_SECONDS },
        },
        {
          provide: DeviceTokens,
          useFactory: (settings: DeviceTokenSettings) => new DeviceTokens(settings),
          inject: [DEVICE_TOKEN_SETTINGS],
        },
        CheckLoginUseCase,
        RecordLoginFailureUseCase,
        RecordLoginSuccessUseCase,
        UnlockAccountUseCase,
        ReleaseLoginUseCase,
      ],
    };
  }
}
