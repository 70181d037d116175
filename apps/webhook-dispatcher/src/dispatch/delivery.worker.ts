import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { QueueName } from '@portcullis/queue';
import { runInJobContext } from '@portcullis/runtime';
import { ConnectionOptions, DelayedError, Job, UnrecoverableError, Worker } from 'bullmq';
import { WebhookDeliveryJobData } from '../deliveries/delivery-queue';
import { AttemptDeliveryUseCase, AttemptResult } from './attempt-delivery.use-case';
import { webhookDeliveries, webhookDeliveryDuration } from './delivery-metrics';
import { EndpointConcurrency } from './endpoint-concurrency';
import { backoffStrategy, RetryLaterError } from './job-backoff';

export interface DeliveryWorkerOptions {
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  /** Job lock; also how often stalled jobs (a crashed replica's) are looked for. */
  lockMs: number;
  retryScheduleMs: number[];
}

export const DELIVERY_WORKER_OPTIONS = Symbol('DELIVERY_WORKER_OPTIONS');

/** How long a job waits when its endpoint is at its cap; spread so waiting jobs do not return in step. */
const busyDelayMs = () => 200 + Math.floor(Math.random() * 200);

/**
 * The webhook-delivery consumer: a plain BullMQ Worker owned by this provider, so its options come
 * from config and its lifecycle is explicit. It starts once the app is up and, on shutdown, stops
 * taking jobs and waits for the ones in flight (each bounded by WEBHOOK_TIMEOUT_MS) before the
 * database and Redis close. A crashed replica's jobs are retaken when their lock lapses.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryWorker.name);
  private worker?: Worker<WebhookDeliveryJobData, string>;
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    @Inject(DELIVERY_WORKER_OPTIONS) private readonly options: DeliveryWorkerOptions,
    private readonly attempt: AttemptDeliveryUseCase,
    private readonly endpoints: EndpointConcurrency,
  ) {}

  /**
   * Idempotent: a second Worker would double the concurrency past the per-endpoint cap (jobs would
   * bounce off the lease) and would never be closed. bootstrapService runs the hooks once; this
   * guard keeps that true for any other way the module is started (tests, benchmarks).
   */
  onApplicationBootstrap(): void {
    if (this.worker) return;
    const { connection, prefix, concurrency, lockMs, retryScheduleMs } = this.options;
    this.worker = new Worker<WebhookDeliveryJobData, string>(
      QueueName.WebhookDelivery,
      (job, token) => this.process(job, token),
      {
        connection,
        prefix,
        concurrency,
        lockDuration: lockMs,
        stalledInterval: lockMs,
        // A job is retaken after a crash; only one that keeps taking its worker down is given up on.
        maxStalledCount: 3,
        settings: { backoffStrategy: backoffStrategy(retryScheduleMs) },
      },
    );
    this.worker.on('error', (err) => this.logger.error(`Delivery worker: ${err.message}`));
    // Expected outcomes (retry later, dead) are thrown on purpose; anything else is a fault worth seeing.
    this.worker.on('failed', (job, err) => {
      if (!(err instanceof RetryLaterError) && !(err instanceof UnrecoverableError))
        this.logger.error(`Delivery job ${job?.id} failed: ${err.message}`);
    });
  }

  /**
   * Stop taking jobs, then wait for the attempts already running — tracked here rather than left
   * to BullMQ's close, which was seen returning while an attempt was still waiting on its receiver.
   */
  async onModuleDestroy(): Promise<void> {
    this.logger.log(`Delivery worker stopping; waiting for the attempts in flight (${this.running.size})`);
    await this.worker?.pause().catch(() => undefined);
    await Promise.allSettled([...this.running]);
    await this.worker?.close();
  }

  /** Work shutdown must wait for: the attempts in flight. */
  private async track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    try {
      return await work;
    } finally {
      this.running.delete(work);
    }
  }

  private process(job: Job<WebhookDeliveryJobData, string>, token?: string): Promise<string> {
    const data = job.data;
    if (!isJobData(data)) return Promise.reject(new UnrecoverableError('not a webhook delivery job'));
    return runInJobContext('deliver webhook', data, () => this.deliver(job, data, token));
  }

  private async deliver(
    job: Job<WebhookDeliveryJobData, string>,
    data: WebhookDeliveryJobData,
    token?: string,
  ): Promise<string> {
    // A job re-created after Redis lost the first goes on with the schedule where that one was.
    const before = data.retriesMade ?? 0;
    const request = { ...data, retry: job.attemptsMade + before, maxRetries: (job.opts.attempts ?? 1) - 1 + before };
    // Reading the delivery does not depend on the lease, so both go out at once: one wait, not two.
    const loading = this.attempt.load(request);
    loading.catch(() => undefined); // awaited below; this only keeps a refused lease from leaving it unhandled
    const lease = await this.endpoints.acquire(data.subscriptionId);
    if (!lease) {
      // Parked, not blocking a worker slot; moving to delayed does not use up an attempt.
      await job.moveToDelayed(Date.now() + busyDelayMs(), token);
      throw new DelayedError();
    }
    let result: AttemptResult;
    const interrupted = unrecordedInterruptions(job);
    try {
      result = await this.track(loading.then((target) => this.attempt.run({ ...request, interrupted }, target)));
    } finally {
      this.endpoints.release(lease);
    }
    record(result);
    if (interrupted > 0 && result.kind !== 'skipped')
      await job.updateData({ ...data, interruptionsRecorded: job.stalledCounter });
    if (result.kind === 'retry') throw new RetryLaterError(result.error, result.delayMs);
    // Failing the job (not completing it) keeps dead deliveries visible in the queue dashboard.
    if (result.kind === 'dead') throw new UnrecoverableError(result.error);
    return result.kind;
  }
}

function record(result: AttemptResult): void {
  if (result.kind === 'skipped') return;
  webhookDeliveries().inc({ outcome: result.kind === 'retry' ? 'failed' : result.kind });
  if (result.sent) webhookDeliveryDuration().observe(result.durationMs / 1000);
}

/**
 * A job that stalled was running when its dispatcher died: that run's send may have reached the
 * receiver, but its outcome was never recorded. Counting stalls on re-pickup costs nothing per send
 * (no write before each request); each stall becomes one `interrupted` attempt in the history.
 */
function unrecordedInterruptions(job: Job<WebhookDeliveryJobData, string>): number {
  return Math.max(0, (job.stalledCounter ?? 0) - (job.data.interruptionsRecorded ?? 0));
}

function isJobData(data: unknown): data is WebhookDeliveryJobData {
  const d = data as WebhookDeliveryJobData | undefined;
  return (
    typeof d?.deliveryId === 'string' &&
    typeof d.subscriptionId === 'string' &&
    Number.isInteger(d.generation) &&
    (d.retriesMade === undefined || (Number.isInteger(d.retriesMade) && d.retriesMade >= 0))
  );
}
