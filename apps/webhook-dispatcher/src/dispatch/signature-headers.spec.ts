import { createHmac } from 'crypto';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, secretKeyBytes } from '../subscriptions/webhook-secret';
import { signatureHeaders } from './signature-headers';

const body = JSON.stringify({
  id: 'evt-1',
  type: 'user.updated',
  occurredAt: '2026-03-01T10:00:00.000Z',
  subject: { type: 'user', id: 'u1' },
  data: { fields: ['displayName'] },
});

function plainHmac(secret: string, raw: string): string {
  return `sha256=${createHmac('sha256', secretKeyBytes(secret)).update(raw).digest('hex')}`;
}

describe('signatureHeaders', () => {
  const secret = newWebhookSecret();
  const now = new Date();

  it('uses the whsec_ format with 32 random bytes', () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secretKeyBytes(secret)).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('is verified by the standardwebhooks library with the same secret, and the body parses back', () => {
    const headers = signatureHeaders('evt-1', now, body, { current: secret });
    expect(headers['webhook-id']).toBe('evt-1');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('is refused by the library for another secret, another body or another id', () => {
    const headers = signatureHeaders('evt-1', now, body, { current: secret });
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body.replace('displayName', 'email'), headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'evt-2' })).toThrow();
  });

  it('carries a plain hex HMAC-SHA256 of the raw body keyed with the decoded secret bytes', () => {
    const headers = signatureHeaders('evt-1', now, body, { current: secret });
    expect(headers['x-portcullis-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(headers['x-portcullis-signature']).toBe(plainHmac(secret, body));
    expect(headers['x-portcullis-signature']).not.toBe(plainHmac(secret, `${body} `));
  });

  it('signs with both secrets during a rotation overlap, each valid for its own secret', () => {
    const previous = newWebhookSecret();
    const headers = signatureHeaders('evt-1', now, body, { current: secret, previous });
    const signatures = headers['webhook-signature'].split(' ');
    expect(signatures).toHaveLength(2);
    const only = (signature: string) => ({ ...headers, 'webhook-signature': signature });
    expect(() => new Webhook(secret).verify(body, only(signatures[0]))).not.toThrow();
    expect(() => new Webhook(previous).verify(body, only(signatures[1]))).not.toThrow();
    expect(() => new Webhook(previous).verify(body, only(signatures[0]))).toThrow();
    // A receiver still on either secret accepts the header as sent.
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
    expect(headers['x-portcullis-signature']).toBe(plainHmac(secret, body));
  });
});
