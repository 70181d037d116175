import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/**
 * Applies pending migrations for one app. Safe to call from every replica at once: an advisory lock
 * per schema lets one replica migrate while the others wait, then find nothing left to do.
 */
export async function runMigrations(options: PostgresConnectionOptions): Promise<string[]> {
  const schema = options.schema ?? 'public';
  const lock = new Client({ connectionString: options.url, application_name: `${options.applicationName}-migrate` });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`portcullis:migrations:${schema}`]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
    const dataSource = new DataSource({ ...options, migrationsRun: false });
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.end();
  }
}

/** Creates the database named in `url` if it does not exist (first start on a fresh server). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // another process created it first
      });
    }
  } finally {
    await client.end();
  }
}
