import { Injectable } from '@nestjs/common';
import { VerifyAuditChainReply } from '@portcullis/contracts';
import { GENESIS_HASH, linksSoundly } from './audit-chain';
import { AuditLogRepository } from './audit-log.repository';

/** Records per query: large enough to keep round trips few, small enough to keep memory flat. */
export const VERIFY_BATCH = 1_000;

/**
 * Walks the whole chain in order, recomputing every hash and checking every link, and names the
 * first record that fails. Records appended while it walks are checked too (the log only grows).
 * What it cannot see is the newest records removed from the end, since nothing follows them.
 */
@Injectable()
export class VerifyAuditChainUseCase {
  constructor(private readonly log: AuditLogRepository) {}

  async execute(): Promise<VerifyAuditChainReply> {
    let expectedPrevHash = GENESIS_HASH;
    let afterSeq = 0;
    let checked = 0;
    for (;;) {
      const batch = await this.log.chainAfter(afterSeq, VERIFY_BATCH);
      for (const record of batch) {
        checked++;
        if (!linksSoundly(record, expectedPrevHash)) return { intact: false, checked, firstBrokenSeq: record.seq };
        expectedPrevHash = record.hash;
        afterSeq = record.seq;
      }
      if (batch.length < VERIFY_BATCH) return { intact: true, checked };
    }
  }
}
