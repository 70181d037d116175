import { OwnDatabase } from '@portcullis/testing';
import { randomBytes } from 'crypto';

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
