import { DynamicModule, Module } from '@nestjs/common';
import { coreImports, pingControllerFor } from '@portcullis/runtime';
import { TokenConfig } from './config/token.config';
import { tokenDataSourceOptions } from './data-source';

@Module({})
export class TokenModule {
  static forRoot(config: TokenConfig, instanceId: string): DynamicModule {
    return {
      module: TokenModule,
      imports: coreImports('token', config, tokenDataSourceOptions(config)),
      controllers: [pingControllerFor('token', instanceId)],
    };
  }
}
