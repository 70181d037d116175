import { serializeError } from './error-serializer';
import { withoutCredentials } from './without-credentials';

describe('withoutCredentials', () => {
  it.each([
    ['connect ECONNREFUSED 10.0.0.5:5432 password=hunter2', 'connect ECONNREFUSED 10.0.0.5:5432 password=[redacted]'],
    ['postgres://app:hunter2@db:5432/portcullis', 'postgres://app:[redacted]@db:5432/portcullis'],
    ['redis://:hunter2@cache:6379', 'redis://:[redacted]@cache:6379'],
    ['host=db user=app PWD=hunter2 dbname=x', 'host=db user=app PWD=[redacted] dbname=x'],
    ['GET /cb?code=1&token=abc.def&x=2', 'GET /cb?code=1&token=[redacted]&x=2'],
    [
      'refresh_token=rt_abc clientSecret=s3 x-api-key=pk_live_x',
      'refresh_token=[redacted] clientSecret=[redacted] x-api-key=[redacted]',
    ],
  ])('%s', (text, expected) => {
    expect(withoutCredentials(text)).toBe(expected);
  });

  it('leaves text without credentials alone', () => {
    const text = 'connect ECONNREFUSED 10.0.0.5:5432 (https://example.test/a:b)';
    expect(withoutCredentials(text)).toBe(text);
  });

  it('cleans the message and stack of every serialized error', () => {
    const serialized = serializeError(new Error('auth failed for postgres://app:hunter2@db/x')) as Record<
      string,
      string
    >;
    expect(JSON.stringify(serialized)).not.toContain('hunter2');
    expect(serialized.message).toBe('auth failed for postgres://app:[redacted]@db/x');
  });
});
