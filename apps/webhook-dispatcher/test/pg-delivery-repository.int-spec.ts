import { Logger } from '@nestjs/common';
import { WebhookPayload } from '@portcullis/contracts';
import { runMigrations } from '@portcullis/database';
import { OwnDatabase, testEnv } from '@portcullis/testing';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { webhookDispatcherDataSourceOptions } from '../src/data-source';
import { PgDeliveryRepository } from '../src/deliveries/pg-delivery.repository';

jest.setTimeout(30_000);

const payload = (): WebhookPayload => ({
  id: randomUUID(),
  type: 'user.updated',
  occurredAt: new Date().toISOString(),
  subject: { type: 'user', id: randomUUID() },
  data: { fields: ['displayName'] },
});

/** The deliveries repository on real PostgreSQL, with the app's own migrations, in a database of its own. */
describe('PgDeliveryRepository', () => {
  const database = new OwnDatabase(testEnv('pg-deliveries').DATABASE_URL, 'pg_deliveries');
  let dataSource: DataSource;
  let repository: PgDeliveryRepository;
  const subscriptions = [randomUUID(), randomUUID()];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    await database.create();
    const options = webhookDispatcherDataSourceOptions({ DATABASE_URL: database.url });
    await runMigrations(options);
    dataSource = new DataSource(options);
    await dataSource.initialize();
    for (const id of subscriptions) {
      await dataSource.query(
        `INSERT INTO webhooks.subscriptions (id, owner_user_id, url, events, secret_sealed) VALUES ($1, $2, 'https://example.com/hook', '{user.*}', 'v1.x.y.z')`,
        [id, randomUUID()],
      );
    }
    repository = new PgDeliveryRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database.drop();
  });

  it('creates one delivery per (event, subscription) and, for an event seen before, answers with the ones it has', async () => {
    const [seen, fresh] = [payload(), payload()];
    const first = await repository.createForEvents([{ payload: seen, subscriptionIds: subscriptions }]);
    expect(first).toHaveLength(2);

    const again = await repository.createForEvents([
      { payload: seen, subscriptionIds: subscriptions },
      { payload: fresh, subscriptionIds: [subscriptions[0]] },
    ]);

    expect(again).toHaveLength(3);
    expect(again.filter((d) => first.some((f) => f.id === d.id))).toHaveLength(2);
    expect(again.every((d) => d.status === 'pending' && d.generation === 0)).toBe(true);
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM webhooks.deliveries');
    expect(n).toBe(3);
  });

  it('leaves room on the deliveries pages for the updates after each attempt', async () => {
    const [{ options }] = await dataSource.query(
      `SELECT reloptions AS options FROM pg_class WHERE oid = 'webhooks.deliveries'::regclass`,
    );
    expect(options).toEqual(['fillfactor=80']);
  });
});
