import { Logger } from '@nestjs/common';
import { RedisClient } from '@portcullis/common';
import { EventEmitter } from 'events';
import { ApiChange } from './api-changes';
import { BroadcastApiChanges } from './broadcast-api-changes';

/** Redis pub/sub in memory: what BroadcastChannel uses of a client, shared by every "replica". */
class InMemoryPubSub {
  private readonly subscribers: Array<EventEmitter & { channels: Set<string> }> = [];
  failing = false;

  client(): RedisClient {
    return {
      publish: (channel: string, body: string) => {
        if (this.failing) return Promise.reject(new Error('Connection is closed.'));
        for (const s of this.subscribers) if (s.channels.has(channel)) s.emit('message', channel, body);
        return Promise.resolve(1);
      },
      duplicate: () => {
        const subscriber = Object.assign(new EventEmitter(), {
          channels: new Set<string>(),
          subscribe: (channel: string) => Promise.resolve(subscriber.channels.add(channel)),
          quit: () => Promise.resolve('OK'),
        });
        this.subscribers.push(subscriber);
        return subscriber;
      },
    } as unknown as RedisClient;
  }
}

describe('BroadcastApiChanges', () => {
  let pubsub: InMemoryPubSub;
  const replica = async () => {
    const changes = new BroadcastApiChanges(pubsub.client(), 'test');
    const heard: ApiChange[] = [];
    changes.listen((change) => heard.push(change));
    await changes.onApplicationBootstrap();
    return { changes, heard };
  };

  beforeEach(() => (pubsub = new InMemoryPubSub()));

  it('reaches every replica, and the announcing one once (at once, not again from its echo)', async () => {
    const [a, b, c] = [await replica(), await replica(), await replica()];
    await a.changes.announce({ apiId: 'api-1', upstreamChanged: true });
    for (const r of [a, b, c]) expect(r.heard).toEqual([{ apiId: 'api-1', upstreamChanged: true }]);
  });

  it('still applies the change here when Redis cannot take it (the PUT is already stored)', async () => {
    const a = await replica();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    pubsub.failing = true;
    await expect(a.changes.announce({ apiId: 'api-1', upstreamChanged: false })).resolves.toBeUndefined();
    expect(a.heard).toEqual([{ apiId: 'api-1', upstreamChanged: false }]);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('ignores a malformed notice', async () => {
    const a = await replica();
    const publisher = pubsub.client();
    await publisher.publish('test:bus:broadcast:apis-changed', JSON.stringify({ apiId: 42 }));
    await publisher.publish('test:bus:broadcast:apis-changed', 'not json');
    expect(a.heard).toEqual([]);
  });
});
