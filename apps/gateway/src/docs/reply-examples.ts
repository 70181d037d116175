import {
  AuditRecordDto,
  DeliveryDto,
  JwkSet,
  MeReply,
  Page,
  ProfileDto,
  RecoverDeliveriesReply,
  RoleView,
  RotateSigningKeyReply,
  SessionView,
  TestWebhookReply,
  TokenPair,
  UserDto,
  VerifyAuditChainReply,
  WebhookDto,
  WebhookWithSecret,
} from '@portcullis/contracts';

/**
 * Example replies shown in /docs, typed with the contract types the routes answer with: a contract
 * that changes shape fails the build here, not silently in the documentation.
 */
const USER_ID = '3f0c6c1e-8d4b-4a57-9a3e-2b1f0d6c9e11';
const AT = '2026-01-15T09:30:00.000Z';

export const pageExample = <T>(item: T): Page<T> => ({ items: [item], total: 1, page: 1, limit: 20 });

export const userExample: UserDto = {
  id: USER_ID,
  email: 'ada@example.com',
  displayName: 'Ada',
  roles: ['user'],
  isActive: true,
  createdAt: AT,
  updatedAt: AT,
};

export const registeredExample: Omit<UserDto, 'isActive' | 'updatedAt'> = {
  id: USER_ID,
  email: 'ada@example.com',
  displayName: 'Ada',
  roles: ['user'],
  createdAt: AT,
};

export const tokenPairExample: TokenPair = {
  accessToken: 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0.eyJzdWIiOiIzZjBjIn0.c2lnbmF0dXJl',
  refreshToken: 'rt_6f9b1c0d4e2a4b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a',
  tokenType: 'Bearer',
  expiresIn: 900,
};

export const meExample: MeReply = {
  id: USER_ID,
  email: 'ada@example.com',
  displayName: 'Ada',
  roles: ['user'],
  permissions: ['profile:read', 'profile:write'],
};

export const profileExample: ProfileDto = {
  id: USER_ID,
  email: 'ada@example.com',
  displayName: 'Ada',
  createdAt: AT,
  updatedAt: AT,
};

export const sessionExample: SessionView = {
  id: '7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6',
  deviceName: 'laptop',
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0',
  createdAt: AT,
  lastUsedAt: AT,
  current: true,
};

export const roleExample: RoleView = {
  name: 'user',
  rank: 1,
  description: 'A registered person',
  permissions: ['profile:read', 'profile:write'],
};

export const auditRecordExample: AuditRecordDto = {
  id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  seq: 42,
  type: 'auth.login.succeeded',
  actorId: USER_ID,
  subject: { type: 'user', id: USER_ID },
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0',
  requestId: 'req-1',
  data: { sessionId: '7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6' },
  occurredAt: AT,
  recordedAt: AT,
  prevHash: '0'.repeat(64),
  hash: 'a'.repeat(64),
};

export const auditVerdictExample: VerifyAuditChainReply = { intact: true, checked: 42 };

export const signingKeyRotatedExample: RotateSigningKeyReply = { kid: 'q3Zf8kP1x0Lm4N2b' };

export const jwkSetExample: JwkSet = {
  keys: [{ kid: 'q3Zf8kP1x0Lm4N2b', kty: 'RSA', alg: 'RS256', use: 'sig', n: '0vx7agoebGcQSuu…', e: 'AQAB' }],
};

export const webhookExample: WebhookDto = {
  id: '5c4b3a29-1807-4f6e-9d5c-4b3a29180706',
  ownerUserId: USER_ID,
  url: 'https://hooks.example.com/portcullis',
  events: ['auth.*'],
  description: 'Login alerts',
  scope: 'own',
  isActive: true,
  disabledReason: null,
  failingSince: null,
  previousSecretExpiresAt: null,
  createdAt: AT,
  updatedAt: AT,
};

export const webhookWithSecretExample: WebhookWithSecret = {
  ...webhookExample,
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
};

export const testWebhookExample: TestWebhookReply = {
  eventId: '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b',
  deliveryId: '2c3d4e5f-6071-4829-8b1c-2d3e4f5a6b7c',
};

export const deliveryExample: DeliveryDto = {
  id: testWebhookExample.deliveryId,
  webhookId: webhookExample.id,
  eventId: testWebhookExample.eventId,
  eventType: 'auth.login.succeeded',
  status: 'succeeded',
  attemptCount: 1,
  nextAttemptAt: null,
  createdAt: AT,
  updatedAt: AT,
  payload: {
    id: testWebhookExample.eventId,
    type: 'auth.login.succeeded',
    occurredAt: AT,
    subject: { type: 'user', id: USER_ID },
    actor: { type: 'user', id: USER_ID },
    data: {},
  },
  attempts: [
    { attemptNo: 1, status: 'succeeded', responseStatus: 200, responseBody: 'ok', durationMs: 84, error: null, at: AT },
  ],
};

export const recoveredExample: RecoverDeliveriesReply = { requeued: 3 };
