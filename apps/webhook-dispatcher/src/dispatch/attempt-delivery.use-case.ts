import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@portcullis/common';
import { WEBHOOK_SETTINGS, WebhookSettings } from '../config/webhook-settings';
import { AttemptTarget, DeliveryRecord, DeliveryRepository, NewAttempt } from '../deliveries/delivery.repository';
import { SubscriptionRecord } from '../subscriptions/subscription.repository';
import { failureOf, verdictOf } from './attempt-verdict';
import { EndpointHealth } from './endpoint-health';
import { honoursRetryAfter, parseRetryAfter, retryDelayMs } from './retry-schedule';
import { WebhookSender } from './webhook-sender';
import { notSent, TransportResponse } from './webhook-transport';

export interface AttemptRequest {
  deliveryId: string;
  generation: number;
  /** Retries already made in this job's run (BullMQ's attemptsMade): the index into the schedule. */
  retry: number;
  /** Retries the job has left in it at most (its BullMQ `attempts` − 1). */
  maxRetries: number;
  /** Earlier runs of this job that a stopped dispatcher began and never finished, not recorded yet. */
  interrupted?: number;
}

/** What an interrupted attempt's history says: the receiver may or may not have had the request. */
export const INTERRUPTED_ERROR = 'the dispatcher stopped during this attempt; the receiver may have received it';

export type AttemptResult =
  | { kind: 'skipped' }
  | { kind: 'succeeded'; durationMs: number; sent: boolean }
  | { kind: 'retry'; delayMs: number; error: string; durationMs: number; sent: boolean }
  | { kind: 'dead'; error: string; durationMs: number; sent: boolean };

/**
 * One attempt of one delivery: send it, record the attempt, and decide what comes next — done,
 * retry after a delay (schedule with jitter, or the receiver's Retry-After), or dead.
 */
@Injectable()
export class AttemptDeliveryUseCase {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly sender: WebhookSender,
    private readonly health: EndpointHealth,
    private readonly clock: Clock,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: Pick<WebhookSettings, 'retryScheduleMs'>,
  ) {}

  async execute(request: AttemptRequest): Promise<AttemptResult> {
    return this.run(request, await this.load(request));
  }

  /**
   * The delivery and its subscription, or null when this job must send nothing. Separate from
   * `run` so the worker can read it while it takes the endpoint's lease, not one after the other.
   */
  load(request: AttemptRequest): Promise<AttemptTarget | null> {
    return this.deliveries.findForAttempt(request.deliveryId, request.generation);
  }

  async run(request: AttemptRequest, target: AttemptTarget | null): Promise<AttemptResult> {
    if (!target) return { kind: 'skipped' };
    const { delivery, subscription } = target;
    // Before this attempt's send, so the history stays in the order things happened.
    if (request.interrupted)
      await this.deliveries.recordInterrupted(delivery.id, request.interrupted, INTERRUPTED_ERROR, this.clock.now());
    const active = subscription.isActive;
    const response = active ? await this.sender.send(subscription, delivery.payload) : notSent('webhook is disabled');
    const attempt = this.attemptRecord(delivery, response);
    const verdict = verdictOf(response.status);
    const { durationMs, sent } = response;

    if (verdict === 'succeeded') {
      await this.finish(attempt, request, 'succeeded', null);
      await this.health.succeeded(subscription);
      return { kind: 'succeeded', durationMs, sent };
    }
    const error = attempt.error ?? 'failed';
    if (verdict === 'gone' || !active) {
      await this.finish(attempt, request, 'dead', null);
      if (verdict === 'gone') await this.health.disable(subscription, 'gone');
      return { kind: 'dead', error, durationMs, sent };
    }
    return this.failed(attempt, request, subscription, response);
  }

  private async failed(
    attempt: NewAttempt,
    request: AttemptRequest,
    subscription: SubscriptionRecord,
    response: TransportResponse,
  ): Promise<AttemptResult> {
    const { retryScheduleMs } = this.settings;
    const disabled = await this.health.failed(subscription);
    const error = attempt.error ?? 'failed';
    const { durationMs, sent } = response;
    if (disabled || request.retry >= Math.min(retryScheduleMs.length, request.maxRetries)) {
      await this.finish(attempt, request, 'dead', null);
      return { kind: 'dead', error, durationMs, sent };
    }
    const retryAfterMs = honoursRetryAfter(response.status) ? parseRetryAfter(response.retryAfter, attempt.at) : null;
    const delayMs = retryDelayMs({ scheduleMs: retryScheduleMs, retry: request.retry, retryAfterMs });
    await this.finish(attempt, request, 'failed', new Date(attempt.at.getTime() + delayMs));
    return { kind: 'retry', delayMs, error, durationMs, sent };
  }

  private attemptRecord(delivery: DeliveryRecord, response: TransportResponse): NewAttempt {
    const succeeded = response.error === null && verdictOf(response.status) === 'succeeded';
    return {
      deliveryId: delivery.id,
      status: succeeded ? 'succeeded' : 'failed',
      responseStatus: response.status,
      responseBody: response.body,
      durationMs: response.durationMs,
      error: failureOf(response),
      at: this.clock.now(),
    };
  }

  private finish(
    attempt: NewAttempt,
    request: AttemptRequest,
    status: 'succeeded' | 'failed' | 'dead',
    nextAttemptAt: Date | null,
  ): Promise<void> {
    return this.deliveries.finishAttempt({ attempt, generation: request.generation, status, nextAttemptAt });
  }
}
