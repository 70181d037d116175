import { domainEvent } from '@portcullis/common';
import { Events } from '@portcullis/contracts';
import { OutboxWriter } from '@portcullis/database';
import { waitFor } from '@portcullis/testing';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { TokenHarness } from './support/token-harness';

jest.setTimeout(90_000);

/**
 * The token app's events leave through its outbox (tokens.outbox): written in the transaction
 * that changes the state, published by the relay afterwards. These tests use the real app.
 */
describe('token app transactional outbox (real process, PostgreSQL and Redis)', () => {
  const t = new TokenHarness({ REFRESH_REUSE_GRACE_SECONDS: '0' }, 'token_outbox');
  const outboxRows = async () => (await t.pg.query('SELECT count(*)::int AS n FROM tokens.outbox')).rows[0].n as number;
  const published = async (eventId: string) =>
    (await t.bus.readEvents(Events.refreshReused.type)).filter((e) => e.id === eventId);

  beforeAll(() => t.start(['token']));
  afterAll(() => t.stop());

  it('announces refresh reuse through the outbox, once, and leaves the outbox empty', async () => {
    const userId = randomUUID();
    const session = await t.login(userId);
    await t.rotate(session.refreshToken);
    await expect(t.rotate(session.refreshToken)).rejects.toMatchObject({ code: 'AUTH_REFRESH_REUSED' });

    const events = await waitFor(
      async () => {
        const mine = (await t.bus.readEvents(Events.refreshReused.type)).filter(
          (e) => e.data.sessionId === session.sessionId,
        );
        return mine.length > 0 && mine;
      },
      { what: 'the auth.refresh.reused event' },
    );
    expect(events).toEqual([
      expect.objectContaining({
        type: 'auth.refresh.reused',
        subject: { type: 'user', id: userId },
        data: { sessionId: session.sessionId },
      }),
    ]);
    await waitFor(async () => (await outboxRows()) === 0, { what: 'the outbox to drain' });
  });

  it('loses nothing when the app dies between the commit and the publish: the next start sends it', async () => {
    // SIGKILL: no graceful drain. Whatever is committed now has no relay to publish it.
    expect(await t.platform.process('token').stop('SIGKILL')).toBeNull();

    const event = domainEvent(Events.refreshReused, {
      subject: { type: 'user', id: randomUUID() },
      data: { sessionId: randomUUID() },
    });
    const dataSource = new DataSource({ type: 'postgres', url: t.env.DATABASE_URL });
    await dataSource.initialize();
    try {
      // Exactly what the repository does: the state change and the event in one transaction.
      const writer = new OutboxWriter({ schema: 'tokens' }, dataSource);
      await dataSource.transaction(async (manager) => {
        await manager.query('SELECT 1'); // stands in for the revocation committed beside it
        await writer.add(manager, Events.refreshReused.type, event);
      });
    } finally {
      await dataSource.destroy();
    }
    expect(await outboxRows()).toBe(1);
    expect(await published(event.id)).toEqual([]);

    await t.platform.startOne('token');
    const sent = await waitFor(
      async () => {
        const found = await published(event.id);
        return found.length > 0 && found;
      },
      { what: 'the event after restart' },
    );
    expect(sent).toEqual([expect.objectContaining(event)]);
    await waitFor(async () => (await outboxRows()) === 0, { what: 'the outbox to drain' });
  });
});
