import { runMigrations } from '@portcullis/database';
import { OwnDatabase } from '@portcullis/testing';
import { randomBytes } from 'crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database of its own for one benchmark run, `portcullis_bench_<what>_<random>`, on the configured server. */
export function benchDatabase(what: string): OwnDatabase {
  const base = new URL(SERVER);
  base.pathname = '/portcullis';
  return new OwnDatabase(base.toString(), `bench_${what}_${randomBytes(4).toString('hex')}`);
}

/** Runs `work` with the URL of a database made for it, dropped afterwards whatever happens. */
export async function withThrowawayDatabase<T>(what: string, work: (url: string) => T | Promise<T>): Promise<T> {
  const database = benchDatabase(what);
  await database.create();
  try {
    return await work(database.url);
  } finally {
    await database.drop();
  }
}

/**
 * Runs `work` on a throwaway database migrated as an app's own (`optionsFor(url)`), with a TypeORM
 * DataSource for the app's code and a plain pg Client for bulk SQL; all closed and dropped afterwards.
 */
export function withMigratedDatabase<T>(
  what: string,
  optionsFor: (url: string) => PostgresConnectionOptions,
  work: (dataSource: DataSource, pg: Client) => Promise<T>,
): Promise<T> {
  return withThrowawayDatabase(what, async (url) => {
    const options = optionsFor(url);
    await runMigrations(options);
    const dataSource = new DataSource(options);
    const pg = new Client({ connectionString: url });
    try {
      await dataSource.initialize();
      await pg.connect();
      return await work(dataSource, pg);
    } finally {
      await pg.end().catch(() => undefined);
      if (dataSource.isInitialized) await dataSource.destroy();
    }
  });
}
