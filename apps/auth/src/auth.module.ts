import { DynamicModule, Module } from '@nestjs/common';
import { coreImports, pingControllerFor } from '@portcullis/runtime';
import { AuthConfig } from './config/auth.config';

/** Auth owns no data: it orchestrates user, token and security over the bus. */
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig, instanceId: string): DynamicModule {
    return {
      module: AuthModule,
      imports: coreImports('auth', config),
      controllers: [pingControllerFor('auth', instanceId)],
    };
  }
}
