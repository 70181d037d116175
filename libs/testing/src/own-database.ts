import { Client } from 'pg';

/**
 * A database of this test file's own inside the run's server, so its key rotations and "fresh
 * database" checks cannot disturb (or be disturbed by) other suites that start the token app. Named
 * after the run's database, so the global setup's sweep of crashed runs removes it too.
 */
export class OwnDatabase {
  readonly url: string;
  private readonly name: string;

  constructor(runDatabaseUrl: string, suffix: string) {
    const url = new URL(runDatabaseUrl);
    this.name = `${decodeURIComponent(url.pathname.slice(1))}_${suffix}`;
    url.pathname = `/${this.name}`;
    this.url = url.toString();
  }

  async create(): Promise<void> {
    await this.admin((client) => client.query(`CREATE DATABASE "${this.name}"`));
  }

  async drop(): Promise<void> {
    await this.admin((client) => client.query(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`));
  }

  private async admin(work: (client: Client) => Promise<unknown>): Promise<void> {
    const url = new URL(this.url);
    url.pathname = '/postgres';
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await work(client);
    } finally {
      await client.end();
    }
  }
}
