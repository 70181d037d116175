import { currentRequestContext } from '@portcullis/common';
import { Logger } from '@nestjs/common';
import { waitFor } from '@portcullis/testing';
import { InMemoryOutboxStore } from '../../test/fakes/in-memory-outbox.store';
import { OutboxPublisher, OutboxSettings } from './outbox.options';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';

/** A bus stand-in that keeps what was published and can be told to fail. */
function fakePublisher() {
  const published: Array<{ type: string; data: unknown }> = [];
  const state = { down: false, failOnly: undefined as string | undefined };
  const publisher: OutboxPublisher = {
    publish: async (definition, data) => {
      if (state.down || (data as { id?: string }).id === state.failOnly) throw new Error('Redis is down');
      published.push({ type: definition.type, data });
      return `${published.length}-0`;
    },
  };
  return { publisher, published, state };
}

describe('OutboxRelay', () => {
  const settings: OutboxSettings = { schema: 'tokens', pollIntervalMs: 10_000, batchSize: 3, maxBackoffMs: 50 };
  let store: InMemoryOutboxStore;
  let bus: ReturnType<typeof fakePublisher>;
  let writer: OutboxWriter;
  let relay: OutboxRelay;

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    store = new InMemoryOutboxStore();
    bus = fakePublisher();
    writer = new OutboxWriter({ schema: 'tokens' }, { subscribers: [] });
    relay = new OutboxRelay(store, bus.publisher, settings, writer);
  });
  afterEach(() => relay.stop());

  it('publishes every committed row in order, across batches, and removes them', async () => {
    ['a', 'b', 'c', 'd', 'e'].forEach((id) => store.add('auth.refresh.reused', { id }));
    expect(await relay.drain()).toBe(5);
    expect(bus.published.map((p) => (p.data as { id: string }).id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(bus.published.every((p) => p.type === 'auth.refresh.reused')).toBe(true);
    expect(store.rows).toEqual([]);
  });

  it('publishes at once when kicked after a commit, without waiting for the poll', async () => {
    relay.start();
    // After its first (empty) batch the relay waits out a 10 s poll: only the kick explains a publish within a second.
    await waitFor(() => store.batches > 0, { what: 'the relay to start' });
    store.add('auth.refresh.reused', { id: 'x' });
    relay.kick();
    await waitFor(() => bus.published.length === 1, { timeoutMs: 1_000, what: 'the kicked publish' });
  });

  it('keeps rows it could not publish, and sends them once the bus is back', async () => {
    store.add('auth.refresh.reused', { id: 'kept' });
    bus.state.down = true;
    await expect(relay.drain()).rejects.toThrow('1 of 1 outbox events could not be published');
    expect(store.rows).toMatchObject([{ seq: '1', attempts: 1 }]);

    bus.state.down = false;
    relay.start();
    await waitFor(() => store.rows.length === 0, { timeoutMs: 2_000, what: 'the retried publish' });
    expect(bus.published).toHaveLength(1);
  });

  it('does not let one failing row hold back the others in its batch', async () => {
    ['ok1', 'bad', 'ok2'].forEach((id) => store.add('t', { id }));
    bus.state.failOnly = 'bad';
    await expect(relay.drain()).rejects.toThrow();
    expect(bus.published.map((p) => (p.data as { id: string }).id)).toEqual(['ok1', 'ok2']);
    expect(store.rows.map((r) => (r.payload as { id: string }).id)).toEqual(['bad']);
  });

  it('loses nothing when the process dies mid-publish: the batch is still there for the next relay', async () => {
    store.add('t', { id: 'survivor' });
    const crashing = { publish: () => Promise.reject(new Error('killed')) } as OutboxPublisher;
    await new OutboxRelay(store, crashing, settings, writer).drain().catch(() => undefined);
    expect(await relay.drain()).toBe(1);
    expect(bus.published).toEqual([{ type: 't', data: { id: 'survivor' } }]);
  });

  it("publishes each row inside the request context it was written in, so the event carries that request's id and trace", async () => {
    const seen: Array<{ requestId?: string; traceparent?: string }> = [];
    const recording: OutboxPublisher = {
      publish: () => {
        const { requestId, traceparent } = currentRequestContext() ?? {};
        seen.push({ requestId, traceparent });
        return Promise.resolve('1-0');
      },
    };
    store.add(
      't',
      { id: 'a' },
      { requestId: 'req-1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    );
    store.add('t', { id: 'b' });
    await new OutboxRelay(store, recording, settings, writer).drain();
    expect(seen).toEqual([
      { requestId: 'req-1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      { requestId: undefined, traceparent: undefined },
    ]);
  });

  it('on stop, finishes and also sends rows written by the last requests', async () => {
    relay.start();
    store.add('t', { id: 'late' });
    await relay.stop();
    expect(bus.published).toEqual([{ type: 't', data: { id: 'late' } }]);
  });
});
