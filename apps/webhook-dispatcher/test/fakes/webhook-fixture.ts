import { WebhookOwner, WebhookPatterns, WebhookScope } from '@portcullis/contracts';
import { SecretBox } from '@portcullis/security';
import { randomUUID } from 'crypto';
import { WebhookSettings } from '../../src/config/webhook-settings';
import { AttemptDeliveryUseCase } from '../../src/dispatch/attempt-delivery.use-case';
import { EndpointHealth } from '../../src/dispatch/endpoint-health';
import { WebhookSender } from '../../src/dispatch/webhook-sender';
import { FanOutEventUseCase } from '../../src/events/fan-out-event.use-case';
import { CreateSubscriptionUseCase } from '../../src/subscriptions/create-subscription.use-case';
import { UrlGuard } from '../../src/subscriptions/url-guard';
import { FakeClock } from '@portcullis/testing';
import { FakeOwnerAuthority } from './fake-owner-authority';
import { InMemoryDeliveryRepository } from './in-memory-delivery.repository';
import { InMemorySubscriptionRepository } from './in-memory-subscription.repository';
import { recordingBus } from './recording-bus';
import { RecordingDeliveryQueue } from './recording-delivery.queue';
import { ScriptedTransport } from './scripted-transport';
import { viaBus } from '@portcullis/testing';

export const TEST_SETTINGS: WebhookSettings = {
  allowPrivateTargets: true,
  secretOverlapMs: 86_400_000,
  timeoutMs: 1000,
  retryScheduleMs: [5_000, 300_000, 1_800_000],
  disableAfterMs: 5 * 86_400_000,
  perEndpointConcurrency: 4,
  reconcileIntervalMs: 30_000,
  reconcileGraceMs: 60_000,
  ownerViewTtlMs: 30_000,
};

export const userOwner = (userId: string = randomUUID()): WebhookOwner => ({ userId, isAdmin: false });
export const adminOwner = (userId: string = randomUUID()): WebhookOwner => ({ userId, isAdmin: true });

/**
 * Every collaborator of the webhook use cases, in memory: storage, queue, bus, clock and an HTTP
 * transport answering from a script. Use cases are built by the tests from these parts.
 */
export function webhookFixture(overrides: Partial<WebhookSettings> = {}) {
  const settings = { ...TEST_SETTINGS, ...overrides };
  const subscriptions = new InMemorySubscriptionRepository();
  const deliveries = new InMemoryDeliveryRepository(subscriptions);
  const queue = new RecordingDeliveryQueue();
  const { bus, published } = recordingBus();
  const clock = new FakeClock();
  const box = new SecretBox('unit-test-webhook-secret-key');
  const transport = new ScriptedTransport();
  const authority = new FakeOwnerAuthority();
  const health = new EndpointHealth(subscriptions, bus, clock, settings);
  const sender = new WebhookSender(transport, box, clock, settings);
  const create = viaBus(
    WebhookPatterns.create,
    new CreateSubscriptionUseCase(subscriptions, new UrlGuard(settings), box),
  );
  return {
    settings,
    subscriptions,
    deliveries,
    queue,
    published,
    clock,
    box,
    transport,
    health,
    create,
    authority,
    fanOut: new FanOutEventUseCase(subscriptions, deliveries, queue, authority),
    attempt: new AttemptDeliveryUseCase(deliveries, sender, health, clock, settings),
    /** A subscription made through the real create use case; the secret is the one shown to the owner. */
    subscribe: (owner: WebhookOwner, events: string[] = ['*'], scope: WebhookScope = 'own') =>
      create.execute({ owner, url: 'http://127.0.0.1:9/hook', events, scope }),
  };
}

export type WebhookFixture = ReturnType<typeof webhookFixture>;
