import { ConfigError } from '@portcullis/config';
import { loadGatewayConfig } from './gateway.config';

describe('gateway config: rate limits', () => {
  it('defaults to tight per-IP limits on the costly auth routes', () => {
    expect(loadGatewayConfig({})).toMatchObject({
      RATE_LIMIT_REGISTER: { limit: 5, windowSeconds: 60 },
      RATE_LIMIT_LOGIN: { limit: 20, windowSeconds: 60 },
      RATE_LIMIT_REFRESH: { limit: 60, windowSeconds: 60 },
      RATE_LIMIT_CHANGE_PASSWORD: { limit: 5, windowSeconds: 300 },
    });
  });

  it('reads <requests>/<seconds> and refuses anything else, naming the variable', () => {
    expect(loadGatewayConfig({ RATE_LIMIT_LOGIN: ' 100 / 10 ' }).RATE_LIMIT_LOGIN).toEqual({
      limit: 100,
      windowSeconds: 10,
    });
    for (const bad of ['0/60', '5/0', '5', 'five/60', '5/60/1', '-1/60']) {
      expect(() => loadGatewayConfig({ RATE_LIMIT_LOGIN: bad })).toThrow(ConfigError);
      expect(() => loadGatewayConfig({ RATE_LIMIT_LOGIN: bad })).toThrow(/RATE_LIMIT_LOGIN/);
    }
  });
});
