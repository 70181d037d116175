import Redis from 'ioredis';
import { Client } from 'pg';

/**
 * Fails with a plain explanation (and how to fix it) when PostgreSQL or Redis is not reachable,
 * instead of a stack trace from deep inside a driver.
 */
export async function checkServices(databaseUrl: string, redisUrl: string): Promise<void> {
  const problems: string[] = [];
  const pg = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (err) {
    problems.push(
      `PostgreSQL is not reachable at ${redact(databaseUrl)} (${(err as Error).message}).\n` +
        '    Start it (Debian: pg_ctlcluster <version> main start) or set DATABASE_URL.',
    );
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3000,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    problems.push(
      `Redis is not reachable at ${redact(redisUrl)} (${(err as Error).message}).\n` +
        '    Start it (redis-server --daemonize yes) or set REDIS_URL.',
    );
  } finally {
    redis.disconnect();
  }
  if (problems.length) throw new Error(`Portcullis needs PostgreSQL and Redis:\n  - ${problems.join('\n  - ')}`);
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
