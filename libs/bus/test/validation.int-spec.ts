import { RemoteError, streamKeys } from '@portcullis/bus';
import { ErrorCode } from '@portcullis/contracts';
import { waitFor } from '@portcullis/testing';
import { busScenario } from './fixtures/bus-scenario';
import { Counter } from './fixtures/counter-contract';

jest.setTimeout(60_000);

/** The bus server checks every payload against its contract before any handler runs. */
describe('bus payload validation', () => {
  let s: Awaited<ReturnType<typeof busScenario>>;

  beforeAll(async () => {
    s = await busScenario('validation');
    await s.start('a');
  });
  afterAll(() => s?.close());

  it('answers VALIDATION_FAILED naming each bad field, and the handler never runs', async () => {
    const bad = { key: 42, delayMs: -1 } as unknown as { key: string };
    const error = (await s.bus.call(Counter.record, bad).catch((e: unknown) => e)) as RemoteError;

    expect(error).toBeInstanceOf(RemoteError);
    expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(error.message).toContain('key');
    expect(error.details?.errors).toEqual([
      { field: 'key', messages: [expect.stringMatching(/string/i)] },
      { field: 'delayMs', messages: [expect.any(String)] },
    ]);
    await s.bus.call(Counter.record, { key: 'after-the-bad-one' });
    expect((await s.fixture.rows('rpc')).map((r) => r.key)).toEqual(['after-the-bad-one']);
  });

  it('hands the handler the parsed payload: unknown fields are dropped', async () => {
    const sneaky = { key: 'extra', admin: true } as { key: string };
    await expect(s.bus.call(Counter.record, sneaky)).resolves.toMatchObject({ key: 'extra' });
  });

  it('sets an invalid event aside on the dead-letter stream at once, without retrying it', async () => {
    const bad = { key: '' };
    const id = await s.bus.publish(Counter.happened, bad);
    await s.bus.publish(Counter.happened, { key: 'good-event' });

    const dead = await waitFor(
      async () => {
        const entries = await s.redis.xrange(streamKeys.deadLetter(s.env.REDIS_PREFIX, 'counter'), '-', '+');
        return entries.length > 0 && entries;
      },
      { what: 'the invalid event on the dead-letter stream' },
    );
    const fields = dead[0][1];
    expect(fields[fields.indexOf('sourceId') + 1]).toBe(id);
    expect(fields[fields.indexOf('deliveries') + 1]).toBe('1');
    expect(fields[fields.indexOf('reason') + 1]).toContain('key');
    await waitFor(async () => (await s.fixture.rows('event')).length === 1, { what: 'the good event to be handled' });
    expect((await s.fixture.rows('event')).map((r) => r.key)).toEqual(['good-event']);
  });
});
