import { DynamicModule, Module } from '@nestjs/common';
import { QueueModule, QueueName } from '@portcullis/queue';
import { redisSettings } from '@portcullis/runtime';
import { SecurityConfig } from '../config/security.config';
import { AuditEventController } from './audit.event-controller';
import { AuditJobSignature } from './audit-job-signature';
import { AuditLogRepository } from './audit-log.repository';
import { AuditMessageController } from './audit.message-controller';
import { AuditQueue } from './audit-queue';
import { AuditRecordProcessor } from './audit-record.processor';
import { BullAuditQueue } from './bull-audit.queue';
import { EnqueueAuditEventUseCase } from './enqueue-audit-event.use-case';
import { ListAuditLogsUseCase } from './list-audit-logs.use-case';
import { RecordAuditEventUseCase } from './record-audit-event.use-case';
import { PgAuditLogRepository } from './pg-audit-log.repository';
import { VerifyAuditChainUseCase } from './verify-audit-chain.use-case';

/**
 * The audit trail: bus → `audit-events` queue → hash-chained security.audit_log, and the admin
 * queries over it. Needs the global BusModule and the app's TypeORM connection.
 */
@Module({})
export class AuditModule {
  static forRoot(config: SecurityConfig): DynamicModule {
    return {
      module: AuditModule,
      imports: [
        QueueModule.forRoot({ redis: redisSettings(config), prefix: config.REDIS_PREFIX }, [QueueName.AuditEvents]),
      ],
      controllers: [AuditEventController, AuditMessageController],
      providers: [
        { provide: AuditLogRepository, useClass: PgAuditLogRepository },
        { provide: AuditQueue, useClass: BullAuditQueue },
        { provide: AuditJobSignature, useFactory: () => new AuditJobSignature(config.AUDIT_JOB_SIGNING_KEY) },
        EnqueueAuditEventUseCase,
        RecordAuditEventUseCase,
        ListAuditLogsUseCase,
        VerifyAuditChainUseCase,
        AuditRecordProcessor,
      ],
    };
  }
}
