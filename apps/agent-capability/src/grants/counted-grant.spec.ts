import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { agentAuthRequests, agentCapabilityDenials } from './agent-metrics';
import { countedGrant } from './counted-grant';

async function countOf(counter: ReturnType<typeof agentCapabilityDenials>, labels: Record<string, string>) {
  const { values } = await counter.get();
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;
}

describe('countedGrant', () => {
  it('counts a refused approval as a denial of each of its capabilities (approval_denied)', async () => {
    const before = await countOf(agentCapabilityDenials(), { reason: 'approval_denied' });
    const deniedBefore = await countOf(agentAuthRequests(), { outcome: 'denied' });
    const refusal = new AppError(ErrorCode.AGENT_APPROVAL_DENIED, 'This request was denied', {
      denied: [
        { capability: 'deploy:production', reason: 'approval_denied' },
        { capability: 'db:write', reason: 'approval_denied' },
      ],
    });
    await expect(countedGrant(Promise.reject(refusal))).rejects.toBe(refusal);
    expect(await countOf(agentCapabilityDenials(), { reason: 'approval_denied' })).toBe(before + 2);
    expect(await countOf(agentAuthRequests(), { outcome: 'denied' })).toBe(deniedBefore + 1);
  });

  it('counts any other failure as an error, with no denial', async () => {
    const errorsBefore = await countOf(agentAuthRequests(), { outcome: 'error' });
    await expect(countedGrant(Promise.reject(new Error('bus down')))).rejects.toThrow('bus down');
    expect(await countOf(agentAuthRequests(), { outcome: 'error' })).toBe(errorsBefore + 1);
  });
});
