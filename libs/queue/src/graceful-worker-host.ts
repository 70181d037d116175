import { WorkerHost } from '@nestjs/bullmq';
import { OnModuleDestroy } from '@nestjs/common';

/**
 * A BullMQ processor whose worker closes when its module is destroyed, before the database the
 * job writes to (TypeORM closes in onApplicationShutdown): the job in hand finishes and is marked
 * done rather than failing on a closed pool and being retried.
 */
export abstract class GracefulWorkerHost extends WorkerHost implements OnModuleDestroy {
  async onModuleDestroy(): Promise<void> {
    try {
      await this.worker.close();
    } catch {
      // never started
    }
  }
}
