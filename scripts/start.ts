/**
 * `npm start`: checks PostgreSQL and Redis, builds if the sources changed, applies migrations, then
 * runs all seven apps in the foreground with prefixed logs until Ctrl-C stops them cleanly.
 */
import { execFileSync } from 'child_process';
import { join } from 'path';
import { APPS, entryOf, ROOT } from './lib/apps';
import { checkServices } from './lib/check-services';
import { launch } from './lib/launcher';
import { migrateAll } from './migrate';

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/portcullis';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  await checkServices(admin.toString(), redisUrl);
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { stdio: 'inherit', cwd: ROOT });
  await migrateAll();
  const env = {
    ...process.env,
    LOG_FORMAT: process.env.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    DB_MIGRATE_ON_START: 'false',
  };
  console.log(
    `start: ${APPS.length} apps; gateway on http://localhost:${process.env.PORT ?? 3000} (Ctrl-C stops everything)`,
  );
  return launch(
    APPS.map((name) => ({ name, args: [entryOf(name)], env })),
    ROOT,
  );
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
