import { RemoteError } from '@portcullis/bus';
import { RpcDefinition } from '@portcullis/contracts';
import { Pool } from 'pg';
import { BusTestClient } from './bus-test-client';
import { OwnDatabase } from './own-database';
import { Platform } from './platform';
import { TestEnv, testEnv } from './test-env';

export interface AppHarnessOptions {
  /** Names this suite's Redis prefix and its own database (suites run at once never share one). */
  scope: string;
  /** Extra environment for the apps (test knobs such as BCRYPT_COST). */
  appEnv?: Record<string, string>;
  /** The bus client's RPC timeout. */
  timeoutMs?: number;
}

/**
 * Some apps as real processes on a database of the suite's own, with what a test needs beside
 * them: a bus test client (calls, events) and a pool to look at the tables. App suites extend it
 * with their own helpers rather than repeating the start-up and tear-down.
 */
export class AppHarness {
  readonly env: TestEnv;
  readonly platform: Platform;
  readonly bus: BusTestClient;
  readonly pg: Pool;
  private readonly database: OwnDatabase;

  constructor(options: AppHarnessOptions) {
    const shared = testEnv(options.scope);
    this.database = new OwnDatabase(shared.DATABASE_URL, options.scope.replace(/[^a-z0-9]/gi, '_'));
    this.env = { ...shared, DATABASE_URL: this.database.url };
    this.platform = new Platform(this.env, options.appEnv);
    this.bus = new BusTestClient(this.env, options.timeoutMs);
    this.pg = new Pool({ connectionString: this.env.DATABASE_URL, max: 2 });
    // An idle client the server drops (57P01 on a busy machine) is replaced on the next query; without
    // a listener its 'error' event would fail whichever test happened to be running.
    this.pg.on('error', () => undefined);
  }

  /** Creates the database, starts `apps`, then connects the bus client. */
  async start(apps: readonly string[]): Promise<void> {
    await this.database.create();
    await this.platform.start(apps);
    await this.bus.connect();
  }

  call<P, R>(definition: RpcDefinition<P, R>, payload: P): Promise<R> {
    return this.bus.call(definition, payload);
  }

  /** The error a call fails with; fails the test if the call succeeds. */
  failure<P, R>(definition: RpcDefinition<P, R>, payload: P): Promise<RemoteError> {
    return this.bus.failure(definition, payload);
  }

  async stop(): Promise<void> {
    await this.bus.close();
    await this.platform.stop();
    await this.pg.end();
    await this.database.drop();
  }
}
