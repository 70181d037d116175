import { ArgumentsHost } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { OAuthErrorFilter, oauthErrorFrom } from './oauth-error';

/** What the filter writes, as a Fastify reply would hold it. */
function replyRecorder() {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const reply = {
    status: (code: number) => ((sent.status = code), reply),
    header: (name: string, value: string) => ((sent.headers[name.toLowerCase()] = value), reply),
    type: (value: string) => ((sent.headers['content-type'] = value), reply),
    send: (body: unknown) => ((sent.body = body), reply),
  };
  const host = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
  return { sent, host };
}

describe('the token endpoint’s errors (RFC 6749 §5.2)', () => {
  it('answers a rate-limited request 429 with Retry-After, not a 500', () => {
    const limited = new AppError(ErrorCode.RATE_LIMITED, 'Too many requests; slow down', {
      retryAfterSeconds: 7,
      policy: 'ip',
      scope: 'ip',
    });
    expect(oauthErrorFrom(limited)).toMatchObject({ error: 'temporarily_unavailable', status: 429 });

    const { sent, host } = replyRecorder();
    new OAuthErrorFilter().catch(limited, host);
    expect(sent.status).toBe(429);
    expect(sent.headers['retry-after']).toBe('7');
    expect(sent.headers['cache-control']).toBe('no-store');
    // RFC 6749's form, with the code every 429 of the gateway carries.
    expect(sent.body).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'Too many requests; slow down',
      code: ErrorCode.RATE_LIMITED,
    });
  });

  it('keeps other refusals to OAuth’s own codes: no platform code says why a subject token failed', () => {
    const { sent, host } = replyRecorder();
    new OAuthErrorFilter().catch(new AppError(ErrorCode.AGENT_REVOKED, 'Agent revoked'), host);
    expect(sent.body).toEqual({
      error: 'invalid_grant',
      error_description: 'The subject_token is invalid, expired or revoked',
    });
  });

  it('maps what the platform says to OAuth codes, Retry-After only where waiting helps', () => {
    expect(oauthErrorFrom(new AppError(ErrorCode.AUTH_UNAUTHENTICATED, 'x'))).toMatchObject({
      error: 'invalid_grant',
      status: 400,
    });
    // An outage says when to come back, as every 503 of the gateway does.
    expect(oauthErrorFrom(new AppError(ErrorCode.BUS_TIMEOUT, 'x'))).toMatchObject({
      status: 503,
      retryAfterSeconds: expect.any(Number),
    });
    const { sent, host } = replyRecorder();
    new OAuthErrorFilter().catch(new Error('boom'), host);
    expect(sent).toMatchObject({ status: 500, body: { error: 'server_error' } });
    expect(sent.headers['retry-after']).toBeUndefined();
  });
});
