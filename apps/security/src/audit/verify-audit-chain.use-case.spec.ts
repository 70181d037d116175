import { InMemoryAuditLogRepository } from '../../test/fakes/in-memory-audit-log.repository';
import { loginEvent } from '../../test/fakes/audit-events';
import { recordHash } from './audit-chain';
import { RecordAuditEventUseCase } from './record-audit-event.use-case';
import { VERIFY_BATCH, VerifyAuditChainUseCase } from './verify-audit-chain.use-case';

describe('VerifyAuditChainUseCase', () => {
  let log: InMemoryAuditLogRepository;
  let verify: VerifyAuditChainUseCase;
  const fill = async (n: number) => {
    const record = new RecordAuditEventUseCase(log);
    for (let i = 0; i < n; i++) await record.execute(loginEvent(`u-${i}`));
  };
  const bySeq = (seq: number) => log.records.find((r) => r.seq === seq)!;

  beforeEach(() => {
    log = new InMemoryAuditLogRepository();
    verify = new VerifyAuditChainUseCase(log);
  });

  it('finds an empty log intact', async () => {
    expect(await verify.execute()).toEqual({ intact: true, checked: 0 });
  });

  it('checks every record across several batches and finds an untouched chain intact', async () => {
    await fill(VERIFY_BATCH * 2 + 5);
    expect(await verify.execute()).toEqual({ intact: true, checked: VERIFY_BATCH * 2 + 5 });
  });

  it('names a record whose data was edited', async () => {
    await fill(10);
    bySeq(4).data = { sessionId: 'forged' };
    expect(await verify.execute()).toEqual({ intact: false, checked: 4, firstBrokenSeq: 4 });
  });

  it('names a record whose prev_hash was edited', async () => {
    await fill(10);
    bySeq(6).prevHash = 'a'.repeat(64);
    expect(await verify.execute()).toMatchObject({ intact: false, firstBrokenSeq: 6 });
  });

  it('names the successor of a record deleted from the middle', async () => {
    await fill(10);
    log.records.splice(log.records.indexOf(bySeq(5)), 1);
    expect(await verify.execute()).toEqual({ intact: false, checked: 5, firstBrokenSeq: 6 });
  });

  it('catches an edit even when the editor recomputed that record’s hash: its successor no longer links', async () => {
    await fill(10);
    const edited = bySeq(3);
    edited.actorId = 'someone-else';
    edited.hash = recordHash(edited);
    expect(await verify.execute()).toMatchObject({ intact: false, firstBrokenSeq: 4 });
  });

  it('catches a batch boundary break (the link across two queries is checked too)', async () => {
    await fill(VERIFY_BATCH + 2);
    bySeq(VERIFY_BATCH + 1).prevHash = '0'.repeat(64);
    expect(await verify.execute()).toMatchObject({ intact: false, firstBrokenSeq: VERIFY_BATCH + 1 });
  });
});
