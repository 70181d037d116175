import { Controller, Get, Query } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AuditRecordDto, Page, SecurityPatterns, VerifyAuditChainReply } from '@portcullis/contracts';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { AuditLogQuery } from './dto/admin.dto';
import { ApiReply, pageOf } from '../docs/api-responses.decorator';
import { auditRecordExample, auditVerdictExample, pageExample } from '../docs/reply-examples';

@Controller('admin/audit-logs')
export class AdminAuditController {
  constructor(private readonly bus: BusClient) {}

  /** Newest first; filters by actor, type and time range. */
  @Get()
  @RequirePermissions('audit:read')
  @ApiReply(200, pageOf('AuditRecord'), pageExample(auditRecordExample))
  list(@Query() query: AuditLogQuery): Promise<Page<AuditRecordDto>> {
    return this.bus.call(SecurityPatterns.listAuditLogs, { ...query });
  }

  /** Walks the hash chain; `intact: false` names the first record that does not match. */
  @Get('verify')
  @RequirePermissions('audit:read')
  @ApiReply(200, 'AuditChainVerdict', auditVerdictExample)
  verify(): Promise<VerifyAuditChainReply> {
    return this.bus.call(SecurityPatterns.verifyAuditChain, {}, { timeoutMs: 60_000 });
  }
}
