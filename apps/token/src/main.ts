import 'reflect-metadata';
import { runMigrations } from '@portcullis/database';
import { bootstrapService, runMain } from '@portcullis/runtime';
import { loadTokenConfig } from './config/token.config';
import { tokenDataSourceOptions } from './data-source';
import { TokenModule } from './token.module';

runMain(async () => {
  const config = loadTokenConfig();
  await bootstrapService({
    service: 'token',
    config,
    module: (instanceId) => TokenModule.forRoot(config, instanceId),
    beforeStart: async (logger) => {
      if (!config.DB_MIGRATE_ON_START) return;
      const applied = await runMigrations(tokenDataSourceOptions(config));
      if (applied.length) logger.info({ applied }, 'migrations applied');
    },
  });
});
