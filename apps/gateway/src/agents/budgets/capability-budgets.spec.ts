import { BusClient } from '@portcullis/bus';
import { runWithRequestContext } from '@portcullis/common';
import { AgentBudgetChain, AgentUsesJob } from '@portcullis/contracts';
import { InMemoryBudgetStore, withOrigin } from '@portcullis/testing';
import { Queue } from 'bullmq';
import { CapabilityBudgets } from './capability-budgets';

const ROOT = '11111111-1111-4111-8111-111111111111';
const CHILD = '22222222-2222-4222-8222-222222222222';
const commit = { limit: 2, windowSeconds: 60 };

/** agent-capability's answer: the root budgets git:commit, the child only inherits the count. */
const chains: Record<string, AgentBudgetChain> = {
  [`agt_${CHILD}`]: {
    rootId: ROOT,
    agents: [
      { agentId: ROOT, budgets: { 'git:commit': commit } },
      { agentId: CHILD, budgets: {} },
    ],
  },
  [`agt_${ROOT}`]: { rootId: ROOT, agents: [{ agentId: ROOT, budgets: { 'git:commit': commit } }] },
};

function fixture() {
  const asked: string[] = [];
  const bus = {
    call: (_: unknown, { agentId }: { agentId: string }) => {
      asked.push(agentId);
      return Promise.resolve(chains[agentId] ?? null);
    },
  } as unknown as BusClient;
  const jobs: AgentUsesJob[] = [];
  let failing = false;
  let hanging = false;
  const queue = {
    add: (_name: string, data: AgentUsesJob) => {
      if (hanging) return new Promise(() => undefined);
      return failing ? Promise.reject(new Error('redis down')) : Promise.resolve(void jobs.push(data));
    },
  } as unknown as Queue<AgentUsesJob>;
  const budgets = new CapabilityBudgets(bus, new InMemoryBudgetStore(), queue);
  return { budgets, asked, jobs, fail: () => (failing = true), hang: () => (hanging = true) };
}

describe('CapabilityBudgets', () => {
  it("counts a child's use against its ancestors' budgets, asking for the chain once per agent", async () => {
    const f = fixture();
    expect(await f.budgets.consume(CHILD, 'git:commit')).toEqual({ allowed: true, reason: 'granted', remaining: 1 });
    expect(await f.budgets.consume(ROOT, 'git:commit')).toEqual({ allowed: true, reason: 'granted', remaining: 0 });
    expect(await f.budgets.consume(CHILD, 'git:commit')).toMatchObject({
      allowed: false,
      reason: 'budget_exhausted',
      remaining: 0,
    });
    expect(await f.budgets.consume(CHILD, 'file:read')).toEqual({ allowed: true, reason: 'granted', remaining: null });
    expect(f.asked).toEqual([`agt_${CHILD}`, `agt_${ROOT}`]);
  });

  it('puts every use on record before answering, a refusal with the ancestor and where it came from', async () => {
    const f = fixture();
    await f.budgets.consume(CHILD, 'git:commit');
    await f.budgets.consume(CHILD, 'git:commit');
    await withOrigin({ ip: '203.0.113.7', userAgent: 'rs/1', requestId: 'req-9' }, () =>
      f.budgets.consume(CHILD, 'git:commit'),
    );
    const uses = f.jobs.flatMap((j) => j.uses);
    expect(uses.map((u) => u.allowed)).toEqual([true, true, false]);
    expect(uses[0]).toEqual({ agentId: CHILD, capability: 'git:commit', allowed: true, at: expect.any(String) });
    expect(uses[2]).toMatchObject({
      exhaustedAgentId: ROOT,
      ip: '203.0.113.7',
      userAgent: 'rs/1',
      requestId: 'req-9',
    });
  });

  it('writes concurrent uses as one batch', async () => {
    const f = fixture();
    await Promise.all([1, 2, 3].map(() => f.budgets.consume(CHILD, 'file:read')));
    expect(f.jobs.map((j) => j.uses.length)).toEqual([3]);
  });

  it('answers revoked for an agent agent-capability no longer knows, and does not remember that', async () => {
    const f = fixture();
    const gone = '33333333-3333-4333-8333-333333333333';
    expect(await f.budgets.consume(gone, 'git:commit')).toEqual({ allowed: false, reason: 'revoked', remaining: null });
    await f.budgets.consume(gone, 'git:commit');
    expect(f.asked).toEqual([`agt_${gone}`, `agt_${gone}`]);
    expect(f.jobs).toEqual([]);
  });

  it('gives up at the request deadline when the queue does not answer (504), rather than hanging', async () => {
    const f = fixture();
    f.hang();
    const use = runWithRequestContext({ deadline: Date.now() + 50 }, () => f.budgets.consume(CHILD, 'git:commit'));
    await expect(use).rejects.toMatchObject({ code: 'BUS_DEADLINE_EXCEEDED' });
  });

  it('fails the use when it cannot be put on record', async () => {
    const f = fixture();
    f.fail();
    await expect(f.budgets.consume(CHILD, 'git:commit')).rejects.toThrow('redis down');
  });
});
