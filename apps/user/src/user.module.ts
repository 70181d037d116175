import { DynamicModule, Module } from '@nestjs/common';
import { coreImports, pingControllerFor } from '@portcullis/runtime';
import { UserConfig } from './config/user.config';
import { userDataSourceOptions } from './data-source';

@Module({})
export class UserModule {
  static forRoot(config: UserConfig, instanceId: string): DynamicModule {
    return {
      module: UserModule,
      imports: coreImports('user', config, userDataSourceOptions(config)),
      controllers: [pingControllerFor('user', instanceId)],
    };
  }
}
