import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import Redis from 'ioredis';
import { join } from 'path';
import { Client } from 'pg';
import { Platform } from '@portcullis/testing';

const ROOT = join(__dirname, '..', '..');
const ADMIN_DB = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The real apps as processes on a throwaway database and key prefix, removed again by `dispose`. */
export async function benchPlatform(
  apps: string[],
  env: Record<string, string>,
): Promise<{ platform: Platform; dispose: () => Promise<void> }> {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { stdio: 'inherit' });
  const id = randomBytes(4).toString('hex');
  const dbName = `portcullis_bench_${id}`;
  const admin = new Client({ connectionString: ADMIN_DB });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const dbUrl = new URL(ADMIN_DB);
  dbUrl.pathname = `/${dbName}`;
  const prefix = `bench:${id}`;
  // e.g. PORTCULLIS_APP_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the apps under a benchmark.
  const nodeArgs = process.env.PORTCULLIS_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const platform = new Platform(
    { DATABASE_URL: dbUrl.toString(), REDIS_URL, REDIS_PREFIX: prefix },
    { LOG_LEVEL: 'warn', ...env },
    nodeArgs,
  );
  await platform.start(apps);
  const dispose = async () => {
    await platform.stop();
    const client = new Client({ connectionString: ADMIN_DB });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await client.end();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.unlink(...keys);
    await redis.quit();
  };
  return { platform, dispose };
}

export async function postJson<T>(url: string, body: unknown, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
