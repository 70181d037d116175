import { AppError } from '@portcullis/common';
import { AgentGrantReply, AuthenticateAgentReply, ErrorCode } from '@portcullis/contracts';
import { agentAuthRequests, agentCapabilityDenials } from './agent-metrics';

/** Counts a grant's outcome (`agent_auth_requests_total`) and each refused capability by reason. */
export async function countedGrant<T extends AgentGrantReply | AuthenticateAgentReply>(grant: Promise<T>): Promise<T> {
  try {
    const reply = await grant;
    const granted: AgentGrantReply | undefined =
      'status' in reply ? (reply.status === 'granted' ? reply.grant : undefined) : reply;
    agentAuthRequests().inc({ outcome: granted ? 'granted' : 'pending' });
    granted?.denied.forEach((d) => agentCapabilityDenials().inc({ reason: d.reason }));
    return reply;
  } catch (err) {
    // A person's "no" to an approval is a denial too, each capability counted as approval_denied.
    const denied =
      err instanceof AppError &&
      (err.code === ErrorCode.AGENT_CAPABILITY_DENIED || err.code === ErrorCode.AGENT_APPROVAL_DENIED);
    agentAuthRequests().inc({ outcome: denied ? 'denied' : 'error' });
    if (denied)
      ((err.details as { denied?: Array<{ reason: string }> })?.denied ?? []).forEach((d) =>
        agentCapabilityDenials().inc({ reason: d.reason }),
      );
    throw err;
  }
}
