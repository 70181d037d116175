import { Events, UserDto, UserPatterns } from '@portcullis/contracts';
import { OutboxWriter } from '@portcullis/database';
import { waitFor } from '@portcullis/testing';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { UserEvents } from '../src/users/user-events';
import { ADMIN_PASSWORD, AdminHarness, failure } from './support/admin-harness';

jest.setTimeout(120_000);

/**
 * The user app's events (registration, profile, password, admin actions) are written to
 * users.outbox in the transaction that makes the change; the relay publishes them afterwards.
 */
describe('user app transactional outbox (real user and token processes)', () => {
  const h = new AdminHarness('useroutbox');
  let root: UserDto;
  const outboxRows = async () => (await h.pg.query('SELECT count(*)::int AS n FROM users.outbox')).rows[0].n as number;

  beforeAll(async () => {
    await h.start(['user', 'token']);
    root = await h.bus.call(UserPatterns.verifyCredentials, { email: h.adminEmail, password: ADMIN_PASSWORD });
  });

  afterAll(() => h.stop());

  it('publishes a committed admin action through the outbox and leaves it empty', async () => {
    const member = await h.create('promoted');
    await h.update(root, member.id, { roles: ['developer'] });
    expect(await h.eventFor(Events.userRolesChanged.type, member.id)).toMatchObject({
      data: { from: ['user'], to: ['developer'] },
    });
    await waitFor(async () => (await outboxRows()) === 0, { what: 'the outbox to drain' });
  });

  it('rolls a disable back, with no event, when the sessions cannot be ended (token app down)', async () => {
    const member = await h.create('kept-active');
    await h.platform.process('token').stop('SIGTERM');
    try {
      expect(await failure(h.update(root, member.id, { isActive: false }))).toMatchObject({
        code: expect.stringMatching(/UNAVAILABLE|TIMEOUT/),
      });
      const row = await h.pg.query('SELECT is_active FROM users.users WHERE id = $1', [member.id]);
      expect(row.rows[0].is_active).toBe(true);
      expect(await outboxRows()).toBe(0);
    } finally {
      await h.platform.startOne('token');
    }
    // The retry, with the token app back, goes through and is announced once.
    expect(await h.update(root, member.id, { isActive: false })).toMatchObject({ isActive: false });
    expect(await h.eventFor(Events.userDisabled.type, member.id)).toMatchObject({
      actor: { type: 'user', id: root.id },
    });
  });

  it('loses nothing when the app dies between the commit and the publish: the next start sends it', async () => {
    // SIGKILL: no graceful drain, so a row committed now has no relay to publish it.
    expect(await h.platform.process('user').stop('SIGKILL')).toBeNull();
    const event = UserEvents.disabled({ userId: randomUUID(), actorId: root.id }, 0);
    const dataSource = new DataSource({ type: 'postgres', url: h.env.DATABASE_URL });
    await dataSource.initialize();
    try {
      // What TypeOrmUserTransaction.announce does inside the use case's transaction.
      await dataSource.transaction((manager) =>
        new OutboxWriter({ schema: 'users' }, dataSource).add(manager, event.type, event),
      );
    } finally {
      await dataSource.destroy();
    }
    expect(await outboxRows()).toBe(1);

    await h.platform.startOne('user');
    expect(await h.eventFor(Events.userDisabled.type, event.subject.id)).toMatchObject(event);
    await waitFor(async () => (await outboxRows()) === 0, { what: 'the outbox to drain' });
  });
});
