import { Client } from 'pg';
import { removeKeysUnder } from '../remove-keys';

/** Leaves PostgreSQL and Redis as they were: the run's database dropped, its keys deleted. */
export default async function globalTeardown(): Promise<void> {
  const dbUrl = process.env.PORTCULLIS_TEST_DATABASE_URL;
  const prefix = process.env.PORTCULLIS_TEST_REDIS_PREFIX;
  if (dbUrl) {
    const url = new URL(dbUrl);
    const name = url.pathname.slice(1);
    url.pathname = '/postgres';
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  }
  if (prefix) await removeKeysUnder(process.env.PORTCULLIS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
}
