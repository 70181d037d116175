import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import {
  AGENT_TOKEN_MAX_TTL_SECONDS,
  ErrorCode,
  SignAgentTokenReply,
  SignAgentTokenRequest,
} from '@portcullis/contracts';
import { agentPolicy } from '../access-tokens/claim-policy';
import { TokenSigner } from '../access-tokens/token-signer';
import { Clock, epochSeconds } from '../common/clock';
import { requireUuid } from '../common/payload-guards';
import { TOKEN_SETTINGS, TokenSettings } from '../config/token.config';
import { ActiveSigningKey } from '../signing-keys/active-signing-key';
import { KeyCrypto } from '../signing-keys/key-crypto';

const AGENT_ID = /^[A-Za-z0-9-]{1,64}$/;
const AGENT_TYPE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const CAPABILITY = /^[a-z0-9][a-z0-9-]*:[a-z0-9][a-z0-9-]*$/;
/** Far above AGENT_MAX_DELEGATION_DEPTH; the agent-capability app enforces the real limit. */
const MAX_CHAIN = 16;

const invalid = (field: string, message: string) => new AppError(ErrorCode.VALIDATION_FAILED, message, { field });

/**
 * `token.agents.sign`: mints an agent token by the agent claim policy. The grant was decided by the
 * agent-capability app; this checks the shape (so a malformed id can never be signed into a token
 * that gateways would then parse) and the lifetime (≤ 1 h, never past `notAfter`).
 */
@Injectable()
export class SignAgentTokenUseCase {
  private readonly signer: TokenSigner;

  constructor(
    activeKey: ActiveSigningKey,
    crypto: KeyCrypto,
    private readonly clock: Clock,
    @Inject(TOKEN_SETTINGS) settings: TokenSettings,
  ) {
    this.signer = new TokenSigner(activeKey, crypto, clock, settings);
  }

  async execute(request: SignAgentTokenRequest): Promise<SignAgentTokenReply> {
    const subject = {
      agentId: requireAgentId(request?.agentId, 'agentId'),
      userId: requireUuid(request?.userId, 'userId'),
      sessionId: requireUuid(request?.sessionId, 'sessionId'),
      agentType: requireMatch(request?.agentType, AGENT_TYPE, 'agentType', 'agentType must be a kebab-case type id'),
      capabilities: requireCapabilities(request?.capabilities),
      chain: requireChain(request?.chain),
    };
    const ttlSeconds = request.ttlSeconds;
    if (
      ttlSeconds !== undefined &&
      (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > AGENT_TOKEN_MAX_TTL_SECONDS)
    ) {
      throw invalid('ttlSeconds', `ttlSeconds must be an integer from 1 to ${AGENT_TOKEN_MAX_TTL_SECONDS}`);
    }
    const notAfter = request.notAfter;
    if (
      notAfter !== undefined &&
      (typeof notAfter !== 'number' || !Number.isFinite(notAfter) || notAfter <= epochSeconds(this.clock.now()))
    ) {
      throw invalid('notAfter', 'notAfter must be a time in the future (epoch seconds)');
    }
    const { token, jti, expiresIn, expiresAt } = await this.signer.sign(agentPolicy, subject, { ttlSeconds, notAfter });
    return { agentToken: token, jti, expiresIn, expiresAt };
  }
}

function requireMatch(value: unknown, pattern: RegExp, field: string, message: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw invalid(field, message);
  return value;
}

function requireAgentId(value: unknown, field: string): string {
  return requireMatch(value, AGENT_ID, field, `${field} must be 1–64 letters, digits or dashes`);
}

function requireCapabilities(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((c) => typeof c === 'string' && CAPABILITY.test(c))) {
    throw invalid('capabilities', 'capabilities must be an array of resource:action names');
  }
  return [...new Set(value as string[])];
}

function requireChain(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > MAX_CHAIN)
    throw invalid('chain', `chain must be an array of at most ${MAX_CHAIN} agent ids`);
  return value.map((id) => requireAgentId(id, 'chain'));
}
