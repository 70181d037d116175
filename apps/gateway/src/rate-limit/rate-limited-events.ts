import { Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { domainEvent } from '@portcullis/common';
import { DomainEvent, Events } from '@portcullis/contracts';
import { RateLimitState } from '@portcullis/security';
import { LRUCache } from 'lru-cache';
import { LimitedCaller } from './limited-caller';

/** At most one `security.rate_limited` per subject and policy this long, per gateway. */
const SAMPLE_MS = 60_000;

/**
 * Sampled `security.rate_limited` events: a client hammering a limit makes one event a minute
 * (carrying how many refusals it stands for), not one per refused request, so a flood cannot
 * flood the bus, the audit log and every webhook receiver too.
 */
@Injectable()
export class RateLimitedEvents {
  private readonly logger = new Logger(RateLimitedEvents.name);
  private readonly seen = new LRUCache<string, { at: number; refused: number }>({ max: 10_000 });

  constructor(private readonly bus: BusClient) {}

  /**
   * Called inside the refused request's context, so the event's `meta` (IP, user agent, request id)
   * comes from there like any service's; `ip` only names an anonymous caller's subject.
   */
  refused(state: RateLimitState, caller: LimitedCaller, ip: string | undefined, now = Date.now()): void {
    const id = `${state.policy.name}:${subjectOf(caller, ip).id}`;
    const last = this.seen.get(id);
    if (last && now - last.at < SAMPLE_MS) {
      last.refused++;
      return;
    }
    this.seen.set(id, { at: now, refused: 0 });
    const event = domainEvent(Events.rateLimited, {
      subject: subjectOf(caller, ip),
      ...(caller.kind === 'anonymous'
        ? {}
        : {
            actor:
              caller.kind === 'agent'
                ? { type: 'agent' as const, id: caller.agentId }
                : { type: 'user' as const, id: ownerOf(caller) },
          }),
      data: {
        scope: state.policy.scope,
        policy: state.policy.name,
        limit: state.policy.limit,
        windowSeconds: state.policy.windowSeconds,
        retryAfterSeconds: state.retryAfterSeconds,
        refusedSinceLast: last?.refused ?? 0,
      },
    });
    this.bus
      .publish(Events.rateLimited, event)
      .catch((err: Error) => this.logger.warn(`Could not publish security.rate_limited: ${err.message}`));
  }
}

function ownerOf(caller: Exclude<LimitedCaller, { kind: 'anonymous' | 'agent' }>): string {
  return caller.kind === 'api-key' ? caller.ownerId : caller.userId;
}

/** A user's (or their key's) refusals go to that user's webhooks; an anonymous client's are the system's. */
function subjectOf(caller: LimitedCaller, ip?: string): DomainEvent['subject'] {
  if (caller.kind === 'anonymous') return { type: 'system', id: `ip:${ip ?? 'unknown'}` };
  if (caller.kind === 'agent') return { type: 'agent', id: caller.agentId };
  return { type: 'user', id: ownerOf(caller) };
}
