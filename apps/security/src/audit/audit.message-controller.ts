import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AuditRecordDto,
  ListAuditLogsRequest,
  Page,
  SecurityPatterns,
  VerifyAuditChainReply,
} from '@portcullis/contracts';
import { ListAuditLogsUseCase } from './list-audit-logs.use-case';
import { VerifyAuditChainUseCase } from './verify-audit-chain.use-case';

/** The bus face of the audit log; each pattern hands straight to its use case. */
@Controller()
export class AuditMessageController {
  constructor(
    private readonly listAuditLogs: ListAuditLogsUseCase,
    private readonly verifyAuditChain: VerifyAuditChainUseCase,
  ) {}

  @MessagePattern(SecurityPatterns.listAuditLogs.pattern)
  list(@Payload() request: ListAuditLogsRequest): Promise<Page<AuditRecordDto>> {
    return this.listAuditLogs.execute(request);
  }

  @MessagePattern(SecurityPatterns.verifyAuditChain.pattern)
  verify(): Promise<VerifyAuditChainReply> {
    return this.verifyAuditChain.execute();
  }
}
