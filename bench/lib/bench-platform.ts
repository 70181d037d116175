import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import { join } from 'path';
import { Platform, removeKeysUnder } from '@portcullis/testing';
import { benchDatabase } from './throwaway-database';

const ROOT = join(__dirname, '..', '..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Extra node arguments for the apps a benchmark starts, e.g.
 * PORTCULLIS_APP_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile them under load.
 */
export function appNodeArgs(): string[] {
  return process.env.PORTCULLIS_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
}

/** The real apps as processes on a throwaway database and key prefix, removed again by `dispose`. */
export async function benchPlatform(
  apps: string[],
  env: Record<string, string>,
): Promise<{ platform: Platform; dispose: () => Promise<void> }> {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { stdio: 'inherit' });
  const id = randomBytes(4).toString('hex');
  const database = benchDatabase('apps');
  await database.create();
  const prefix = `bench:${id}`;
  const platform = new Platform(
    { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix },
    { LOG_LEVEL: 'warn', ...env },
    appNodeArgs(),
  );
  // Ctrl-C or a kill mid-run still stops the apps and removes the run's database and keys.
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the apps and removing the run's database and keys`);
    void dispose().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  const dispose = async () => {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await platform.stop();
    await database.drop();
    await removeKeysUnder(REDIS_URL, prefix);
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  await platform.start(apps);
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
