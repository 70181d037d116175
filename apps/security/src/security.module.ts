import { DynamicModule, Module } from '@nestjs/common';
import { RedisModule } from '@portcullis/database';
import { coreImports, pingControllerFor, redisSettings } from '@portcullis/runtime';
import { AuditModule } from './audit/audit.module';
import { SecurityConfig } from './config/security.config';
import { securityDataSourceOptions } from './data-source';
import { LockoutModule } from './lockout/lockout.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';

@Module({})
export class SecurityModule {
  static forRoot(config: SecurityConfig, instanceId: string): DynamicModule {
    return {
      module: SecurityModule,
      imports: [
        ...coreImports('security', config, securityDataSourceOptions(config)),
        RedisModule.forRoot({ redis: redisSettings(config), prefix: config.REDIS_PREFIX }),
        LockoutModule.forRoot(config),
        AuditModule.forRoot(config),
        RateLimitsModule,
      ],
      controllers: [pingControllerFor('security', instanceId)],
    };
  }
}
