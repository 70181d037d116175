import { domainEvent } from '@portcullis/common';
import { DomainEvent, Events } from '@portcullis/contracts';
import { withOrigin } from '@portcullis/testing';

/** A login as the auth app would announce it, with the request's origin. */
export function loginEvent(
  actorId = 'a3c1e0d2-6f0b-4a51-9d3e-5b7c8e9f0a1b',
  overrides: Partial<DomainEvent> = {},
): DomainEvent {
  return {
    ...withOrigin({ ip: '203.0.113.7', userAgent: 'curl/8.5', requestId: 'req-1' }, () =>
      domainEvent(Events.loginSucceeded, {
        subject: { type: 'user', id: actorId },
        actor: { type: 'user', id: actorId },
        data: { sessionId: 'c0ffee00-0000-4000-8000-000000000001', deviceName: 'laptop' },
      }),
    ),
    ...overrides,
  };
}
