import { Logger } from '@nestjs/common';
import { SecretBox } from '@portcullis/security';
import { SignAccessUseCase } from '../../src/access-tokens/sign-access.use-case';
import { TokenSettings } from '../../src/config/token.config';
import { CreateSessionUseCase } from '../../src/sessions/create-session.use-case';
import { ListSessionsUseCase } from '../../src/sessions/list-sessions.use-case';
import { RefreshTokenFactory } from '../../src/sessions/refresh-token.factory';
import { ListActiveRevocationsUseCase } from '../../src/revocation/list-active-revocations.use-case';
import { RevokeReusedFamilyUseCase } from '../../src/sessions/revoke-reused-family.use-case';
import { RevokeSessionUseCase } from '../../src/sessions/revoke-session.use-case';
import { RevokeUserSessionsUseCase } from '../../src/sessions/revoke-user-sessions.use-case';
import { RotateRefreshUseCase } from '../../src/sessions/rotate-refresh.use-case';
import { ActiveSigningKey } from '../../src/signing-keys/active-signing-key';
import { SigningKeyFactory } from '../../src/signing-keys/signing-key.factory';
import { FakeClock } from '@portcullis/testing';
import { FakeKeyCrypto } from './fake-key-crypto';
import { InMemoryRevocationRepository } from './in-memory-revocation.repository';
import { InMemorySessionRepository } from './in-memory-session.repository';
import { InMemorySigningKeyRepository } from './in-memory-signing-key.repository';
import { InMemorySuccessorStash } from './in-memory-successor-stash';
import { RecordingRevocationPublisher } from './recording-revocation.publisher';
import { TokenPatterns } from '@portcullis/contracts';
import { viaBus } from '@portcullis/testing';

export const testSettings: TokenSettings = {
  issuer: 'portcullis',
  audience: 'portcullis-api',
  accessTokenTtlSeconds: 900,
  refreshTokenTtlSeconds: 604800,
  refreshReuseGraceSeconds: 10,
};

/** Every use case wired to in-memory fakes, as the Nest module wires them to the real adapters. */
export function tokenKit(overrides: Partial<TokenSettings> = {}) {
  Logger.overrideLogger(false);
  const settings = { ...testSettings, ...overrides };
  const clock = new FakeClock(new Date('2026-01-01T00:00:00.000Z'));
  const box = new SecretBox('unit-test-key-encryption-key');
  const crypto = new FakeKeyCrypto();
  const keys = new InMemorySigningKeyRepository();
  const sessions = new InMemorySessionRepository();
  const stash = new InMemorySuccessorStash();
  const revocations = new RecordingRevocationPublisher();
  const revoked = new InMemoryRevocationRepository(sessions);
  // What reaches the bus is what was committed to the outbox; the relay is tested in libs/database.
  const published = sessions.outbox;

  const keyFactory = new SigningKeyFactory(crypto, box, clock);
  const activeKey = new ActiveSigningKey(keys, keyFactory, crypto, box, clock);
  const signAccess = new SignAccessUseCase(activeKey, crypto, clock, settings);
  const refreshTokens = new RefreshTokenFactory(settings);
  const onReuse = new RevokeReusedFamilyUseCase(sessions, revocations, clock);
  return {
    settings,
    clock,
    box,
    crypto,
    keys,
    sessions,
    stash,
    revocations,
    revoked,
    published,
    keyFactory,
    activeKey,
    signAccess,
    createSession: viaBus(
      TokenPatterns.createSession,
      new CreateSessionUseCase(sessions, refreshTokens, signAccess, clock, settings),
    ),
    rotateRefresh: new RotateRefreshUseCase(sessions, refreshTokens, stash, onReuse, clock, settings),
    revokeSession: new RevokeSessionUseCase(sessions, revocations, revoked, clock, settings),
    listActiveRevocations: new ListActiveRevocationsUseCase(revoked, clock, settings),
    revokeUserSessions: viaBus(
      TokenPatterns.revokeUserSessions,
      new RevokeUserSessionsUseCase(sessions, revocations, clock),
    ),
    listSessions: viaBus(TokenPatterns.listSessions, new ListSessionsUseCase(sessions, clock)),
  };
}

export type TokenKit = ReturnType<typeof tokenKit>;
