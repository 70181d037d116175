import { domainEvent } from '@portcullis/common';
import { DomainEvent, Events } from '@portcullis/contracts';
import { BusTestClient, waitFor, withOrigin } from '@portcullis/testing';
import { Queue } from 'bullmq';
import { randomUUID } from 'crypto';

/** A login (or another `type` of event) by `actorId` at `occurredAt` (defaults: a fresh actor, now). */
export function auditEvent(
  actorId = randomUUID(),
  occurredAt?: string,
  type = Events.loginSucceeded.type,
): DomainEvent {
  const origin = { ip: '203.0.113.9', userAgent: 'int-test/1.0', requestId: `req-${randomUUID()}` };
  const event = withOrigin(origin, () =>
    domainEvent(Events.loginSucceeded, {
      subject: { type: 'user', id: actorId },
      actor: { type: 'user', id: actorId },
      data: { sessionId: randomUUID(), deviceName: 'laptop' },
    }),
  );
  return { ...event, type, ...(occurredAt ? { occurredAt } : {}) };
}

/**
 * Resolves once the security group has read and acked every event up to `streamId` and the queue
 * has nothing left to do: the point after which a duplicate would have shown up if it were going to.
 */
export function pipelineSettled(bus: BusTestClient, queue: Queue, streamId: string): Promise<true> {
  return waitFor(
    async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return (await bus.groupSettled('security', streamId)) && Object.values(counts).every((c) => c === 0);
    },
    { what: 'the audit pipeline to settle' },
  );
}
