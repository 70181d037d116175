import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { agentAuthRequests, agentCapabilityDenials } from './agent-metrics';
import { countedGrant } from './counted-grant';

/** A counter's value for one label (prom-client's own reading, as /metrics would show it). */
async function countOf(
  counter: { get(): Promise<{ values: Array<{ labels: object; value: number }> }> },
  labels: object,
) {
  const { values } = await counter.get();
  const wanted = Object.entries(labels);
  return values.find((v) => wanted.every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l))?.value ?? 0;
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
