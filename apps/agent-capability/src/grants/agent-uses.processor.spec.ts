import { Logger } from '@nestjs/common';
import { AgentUseRecord } from '@portcullis/contracts';
import { Job, UnrecoverableError } from 'bullmq';
import { AgentUsesProcessor } from './agent-uses.processor';
import { RecordUsesUseCase } from './record-uses.use-case';

const use = (capability: string): AgentUseRecord => ({
  agentId: '3f0c6c1e-8d4b-4a57-9a3e-2b1f0d6c9e11',
  capability,
  allowed: true,
  at: '2026-11-29T10:00:00.000Z',
});

describe('AgentUsesProcessor', () => {
  beforeAll(() => Logger.overrideLogger(false));

  function wired() {
    const recorded: AgentUseRecord[][] = [];
    const recordUses = { execute: async (uses: AgentUseRecord[]) => void recorded.push(uses) };
    return { recorded, processor: new AgentUsesProcessor(recordUses as unknown as RecordUsesUseCase) };
  }
  const job = (data: unknown) => ({ data }) as Job;

  it("drops a malformed use, not the other requests' uses of its batch", async () => {
    const { recorded, processor } = wired();
    const oversized = `a:${'a'.repeat(200)}`;
    expect(await processor.process(job({ uses: [use('git:commit'), use(oversized), use('file:read')] }))).toBe(2);
    expect(recorded).toEqual([[use('git:commit'), use('file:read')]]);
  });

  it('fails a batch without a list of uses for inspection, not for retries', async () => {
    const { processor } = wired();
    await expect(processor.process(job({}))).rejects.toBeInstanceOf(UnrecoverableError);
  });
});
