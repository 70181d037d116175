import 'reflect-metadata';
import { runMigrations } from '@portcullis/database';
import { bootstrapService, runMain } from '@portcullis/runtime';
import { loadUserConfig } from './config/user.config';
import { userDataSourceOptions } from './data-source';
import { UserModule } from './user.module';

runMain(async () => {
  const config = loadUserConfig();
  await bootstrapService({
    service: 'user',
    config,
    module: (instanceId) => UserModule.forRoot(config, instanceId),
    beforeStart: async (logger) => {
      if (!config.DB_MIGRATE_ON_START) return;
      const applied = await runMigrations(userDataSourceOptions(config));
      if (applied.length) logger.info({ applied }, 'migrations applied');
    },
  });
});
