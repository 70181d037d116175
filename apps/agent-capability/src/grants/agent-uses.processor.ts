import { Processor } from '@nestjs/bullmq';
import { AgentUsesJob, agentUsesJobSchema } from '@portcullis/contracts';
import { GracefulWorkerHost, QueueName } from '@portcullis/queue';
import { Job, UnrecoverableError } from 'bullmq';
import { RecordUsesUseCase } from './record-uses.use-case';

/** Uses counted by every gateway replica, into the decision logs; a failed batch is retried with backoff. */
@Processor(QueueName.AgentUses, { concurrency: 2 })
export class AgentUsesProcessor extends GracefulWorkerHost {
  constructor(private readonly recordUses: RecordUsesUseCase) {
    super();
  }

  async process(job: Job<AgentUsesJob>): Promise<number> {
    const parsed = agentUsesJobSchema.safeParse(job.data);
    // A retry would not make a malformed batch valid: fail it for inspection instead.
    if (!parsed.success) throw new UnrecoverableError(`malformed agent-uses batch: ${parsed.error.issues[0]?.message}`);
    await this.recordUses.execute(parsed.data.uses);
    return parsed.data.uses.length;
  }
}
