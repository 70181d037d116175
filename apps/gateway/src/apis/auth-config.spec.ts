import { SecretBox } from '@portcullis/security';
import { sealAuthConfig } from './auth-config';

const box = new SecretBox('unit-test-key-encryption-key');
const fieldsRefused = (authType: 'bearer' | 'header' | 'basic', config: Record<string, unknown>) => {
  try {
    sealAuthConfig(box, authType, config);
    return [];
  } catch (err) {
    return (err as { details: { errors: Array<{ field: string }> } }).details.errors.map((e) => e.field);
  }
};

describe('sealAuthConfig', () => {
  it('refuses a credential undici could never send as a header value (it would fail every call)', () => {
    expect(fieldsRefused('bearer', { token: 'abc\u0001' })).toEqual(['authConfig.token']);
    expect(fieldsRefused('bearer', { token: 'price-€' })).toEqual(['authConfig.token']);
    expect(fieldsRefused('header', { name: 'X-Key', value: 'a\u007fb' })).toEqual(['authConfig.value']);
    expect(fieldsRefused('bearer', { token: 'ok-token_1.2~3' })).toEqual([]);
    // Basic credentials are base64-encoded: any one-line text goes.
    expect(fieldsRefused('basic', { username: 'zoë', password: 'p€ss' })).toEqual([]);
  });

  it('refuses a header name the proxy sets itself, every X-Forwarded-* and Expect included', () => {
    for (const name of ['Expect', 'tracestate', 'X-Forwarded-Port', 'x-forwarded-prefix', 'Host'])
      expect(fieldsRefused('header', { name, value: 'v' })).toEqual(['authConfig.name']);
    expect(fieldsRefused('header', { name: 'X-Upstream-Key', value: 'v' })).toEqual([]);
  });
});
