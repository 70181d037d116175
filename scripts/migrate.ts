/**
 * `npm run migrate`: creates the database if needed and applies every app's pending migrations.
 * For a Kubernetes Job or a manual run; apps also migrate at start unless DB_MIGRATE_ON_START=false.
 */
import { ensureDatabase, runMigrations } from '@portcullis/database';
import { MIGRATIONS } from './lib/apps';
import { announceRolesChanged } from './lib/roles-changed';

export async function migrateAll(log: (line: string) => void = console.log): Promise<void> {
  const first = MIGRATIONS[0].options();
  await ensureDatabase(String(first.url));
  for (const { app, options } of MIGRATIONS) {
    const applied = await runMigrations(options());
    log(`migrate: ${app}: ${applied.length ? applied.join(', ') : 'up to date'}`);
    if (app === 'user' && applied.length)
      await announceRolesChanged().catch((err: Error) =>
        log(`migrate: roles-changed not announced (${err.message}); running apps see new roles when they restart`),
      );
  }
}

if (require.main === module) {
  migrateAll().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
