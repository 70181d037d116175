import { DynamicModule, Module } from '@nestjs/common';
import { coreImports, pingControllerFor } from '@portcullis/runtime';
import { SecurityConfig } from './config/security.config';
import { securityDataSourceOptions } from './data-source';

@Module({})
export class SecurityModule {
  static forRoot(config: SecurityConfig, instanceId: string): DynamicModule {
    return {
      module: SecurityModule,
      imports: coreImports('security', config, securityDataSourceOptions(config)),
      controllers: [pingControllerFor('security', instanceId)],
    };
  }
}
