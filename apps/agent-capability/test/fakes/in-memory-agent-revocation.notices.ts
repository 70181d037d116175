import { AgentRevocationNotices, EndedAgent } from '../../src/grants/agent-revocation.notices';

/** What would be broadcast to the gateways. */
export class InMemoryAgentRevocationNotices extends AgentRevocationNotices {
  readonly sent: EndedAgent[] = [];

  async ended(agents: EndedAgent[]): Promise<void> {
    this.sent.push(...agents);
  }
}
