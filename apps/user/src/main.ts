import 'reflect-metadata';
import { runMigrations } from '@portcullis/database';
import { bootstrapService, runMain } from '@portcullis/runtime';
import { loadUserConfig } from './config/user.config';
import { userDataSourceOptions } from './data-source';
import { UserModule } from './user.module';

runMain(async () => {
  const config = loadUserConfig();
  let migrated = false;
  await bootstrapService({
    service: 'user',
    config,
    // Built after beforeStart: a migration applied now may have changed the role tables.
    module: (instanceId) => UserModule.forRoot(config, instanceId, migrated),
    beforeStart: async (logger) => {
      if (!config.DB_MIGRATE_ON_START) return;
      const applied = await runMigrations(userDataSourceOptions(config));
      if (applied.length) logger.info({ applied }, 'migrations applied');
      migrated = applied.length > 0;
    },
  });
});
