import { Injectable } from '@nestjs/common';
import { AuditRecordDto, ListAuditLogsRequest, Page } from '@portcullis/contracts';
import { AuditLogRepository } from './audit-log.repository';
import { MAX_WINDOW, parseAuditQuery } from './audit-query';

/**
 * GET /admin/audit-logs: newest first, filtered by actor, type and time range. `total` is exact up
 * to MAX_WINDOW and capped there: an exact count(*) over a million rows costs more than the page.
 */
@Injectable()
export class ListAuditLogsUseCase {
  constructor(private readonly log: AuditLogRepository) {}

  async execute(request: ListAuditLogsRequest): Promise<Page<AuditRecordDto>> {
    const { filter, page, limit, offset } = parseAuditQuery(request);
    const items = await this.log.list(filter, offset, limit);
    // A short page is the last one, so it already tells the total (unless it came back empty).
    const total =
      items.length > 0 && items.length < limit ? offset + items.length : await this.log.count(filter, MAX_WINDOW);
    return { items, total, page, limit };
  }
}
