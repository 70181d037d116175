import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { AgentUseRecord, AgentUsesJob, agentUseRecordSchema } from '@portcullis/contracts';
import { GracefulWorkerHost, QueueName } from '@portcullis/queue';
import { Job, UnrecoverableError } from 'bullmq';
import { RecordUsesUseCase } from './record-uses.use-case';

/**
 * Uses counted by every gateway replica, into the decision logs; a failed batch is retried with
 * backoff. Each use is checked on its own: a batch carries many requests' uses, so one malformed
 * item (a caller's oversized field that got past the gateway) is dropped and logged, never the
 * others' uses with it.
 */
@Processor(QueueName.AgentUses, { concurrency: 2 })
export class AgentUsesProcessor extends GracefulWorkerHost {
  private readonly logger = new Logger(AgentUsesProcessor.name);

  constructor(private readonly recordUses: RecordUsesUseCase) {
    super();
  }

  async process(job: Job<AgentUsesJob>): Promise<number> {
    const uses: unknown = (job.data as { uses?: unknown } | undefined)?.uses;
    // A retry would not make a batch without uses valid: fail it for inspection instead.
    if (!Array.isArray(uses)) throw new UnrecoverableError('malformed agent-uses batch: no list of uses');
    const valid: AgentUseRecord[] = [];
    const problems: string[] = [];
    for (const use of uses) {
      const parsed = agentUseRecordSchema.safeParse(use);
      if (parsed.success) valid.push(parsed.data);
      else problems.push(parsed.error.issues[0]?.message ?? 'invalid');
    }
    if (problems.length)
      this.logger.warn({
        msg: 'malformed agent uses dropped',
        dropped: problems.length,
        kept: valid.length,
        first: problems[0],
      });
    if (valid.length) await this.recordUses.execute(valid);
    return valid.length;
  }
}
