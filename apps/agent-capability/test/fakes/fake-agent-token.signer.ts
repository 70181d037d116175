import { AgentTokenSigner, AgentTokenSpec, SignedAgentToken } from '../../src/grants/agent-token.signer';

/** Records what it was asked to sign; the "token" is the spec as JSON, so tests can read it back. */
export class FakeAgentTokenSigner extends AgentTokenSigner {
  readonly signed: AgentTokenSpec[] = [];

  async sign(spec: AgentTokenSpec): Promise<SignedAgentToken> {
    this.signed.push(structuredClone(spec));
    return { token: JSON.stringify(spec), jti: `jti-${this.signed.length}`, expiresAt: spec.expiresAt };
  }
}
