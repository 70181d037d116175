import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import { Client } from 'pg';
import { join } from 'path';
import { checkServices } from '../../../../scripts/lib/check-services';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * Once per `npm test`: make sure PostgreSQL and Redis answer, build the apps the e2e tests start
 * as processes (skipped when dist is current), and give this run its own database and Redis prefix.
 */
export default async function globalSetup(globalConfig: { selectProjects?: string[] }): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  await checkServices(databaseUrl, redisUrl);
  // Only integration and e2e tests run built apps; a unit-only run need not wait for (or on) a build.
  const unitOnly = globalConfig.selectProjects?.length === 1 && globalConfig.selectProjects[0] === 'unit';
  if (!unitOnly && process.env.PORTCULLIS_SKIP_BUILD !== '1') {
    execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.js')], { stdio: 'inherit', cwd: REPO_ROOT });
  }

  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const dbName = `portcullis_test_${runId}`;
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await dropStaleTestDatabases(client);
  await client.query(`CREATE DATABASE "${dbName}"`);
  await client.end();

  const testDb = new URL(databaseUrl);
  testDb.pathname = `/${dbName}`;
  process.env.PORTCULLIS_TEST_DATABASE_URL = testDb.toString();
  process.env.PORTCULLIS_TEST_REDIS_URL = redisUrl;
  process.env.PORTCULLIS_TEST_REDIS_PREFIX = `pctest:${runId}`;
}

/** Databases left by runs that crashed more than an hour ago (the name starts with a base-36 time). */
async function dropStaleTestDatabases(client: Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'portcullis_test_%'",
  );
  for (const { datname } of rows) {
    const started = parseInt(datname.slice('portcullis_test_'.length).split('_')[0], 36);
    if (Number.isFinite(started) && Date.now() - started > 3600_000) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
    }
  }
}
