import 'reflect-metadata';
import { runMigrations } from '@portcullis/database';
import { bootstrapService, runMain } from '@portcullis/runtime';
import { loadSecurityConfig } from './config/security.config';
import { securityDataSourceOptions } from './data-source';
import { SecurityModule } from './security.module';

runMain(async () => {
  const config = loadSecurityConfig();
  await bootstrapService({
    service: 'security',
    config,
    module: (instanceId) => SecurityModule.forRoot(config, instanceId),
    beforeStart: async (logger) => {
      if (config.usingDevDeviceTokenSecret) {
        logger.warn(
          'DEVICE_TOKEN_SECRET is not set: signing device tokens with the built-in development secret (never do this in production)',
        );
      }
      if (!config.DB_MIGRATE_ON_START) return;
      const applied = await runMigrations(securityDataSourceOptions(config));
      if (applied.length) logger.info({ applied }, 'migrations applied');
    },
  });
});
