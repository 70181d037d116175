import { Logger } from '@nestjs/common';
import { InMemoryApiKeyRepository } from '../../test/fakes/in-memory-api-key.repository';
import { testApiKeySettings } from '../../test/fakes/api-key-kit';
import { ApiKeyUsage } from './api-key-usage';

describe('ApiKeyUsage', () => {
  beforeAll(() => Logger.overrideLogger(false));
  const t0 = new Date('2026-01-01T00:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);

  it('keeps the latest use per key and writes them all in one batch', async () => {
    const keys = new InMemoryApiKeyRepository();
    const usage = new ApiKeyUsage(keys, testApiKeySettings);
    usage.record('a', at(2));
    usage.record('a', at(1));
    usage.record('b', at(3));
    await usage.flush();
    expect(keys.touches).toEqual([
      [
        { id: 'a', at: at(2) },
        { id: 'b', at: at(3) },
      ],
    ]);
    expect(usage.pendingCount).toBe(0);
  });

  it('keeps a failed batch for the next flush, merged with newer uses', async () => {
    const keys = new InMemoryApiKeyRepository();
    const usage = new ApiKeyUsage(keys, testApiKeySettings);
    keys.failTouches = true;
    usage.record('a', at(1));
    await usage.flush();
    usage.record('a', at(5));
    usage.record('c', at(4));
    keys.failTouches = false;
    await usage.flush();
    expect(keys.touches).toEqual([
      [
        { id: 'a', at: at(5) },
        { id: 'c', at: at(4) },
      ],
    ]);
  });

  it('flushes what is left at shutdown', async () => {
    const keys = new InMemoryApiKeyRepository();
    const usage = new ApiKeyUsage(keys, testApiKeySettings);
    usage.onApplicationBootstrap();
    usage.record('a', at(1));
    await usage.beforeApplicationShutdown();
    expect(keys.touches).toEqual([[{ id: 'a', at: at(1) }]]);
  });
});
