import { AgentTokenSigner, AgentTokenSpec, SignedAgentToken } from '../../src/grants/agent-token.signer';

/** Records what it was asked to sign; the "token" is the spec as JSON, so tests can read it back. */
export class FakeAgentTokenSigner extends AgentTokenSigner {
  readonly signed: AgentTokenSpec[] = [];
  /** Set to make the next signature fail after it was made (its reply lost, as a bus timeout loses it). */
  failNext = false;

  async sign(spec: AgentTokenSpec): Promise<SignedAgentToken> {
    this.signed.push(structuredClone(spec));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('the token app did not answer');
    }
    return { token: JSON.stringify(spec), jti: `jti-${this.signed.length}`, expiresAt: spec.expiresAt };
  }
}
