import { SecretBox } from '@portcullis/security';
import { ApiRecord } from './api-record';
import { ApiRegistry } from './api-registry';
import { ApiRepository } from './api.repository';

describe('ApiRegistry.targetOf', () => {
  const registry = new ApiRegistry({} as ApiRepository, {} as SecretBox, { allowPrivateTargets: true, cacheTtlMs: 1 });
  const record = (baseUrl: string) => ({ id: 'a', baseUrl }) as ApiRecord;

  it("splits the base URL into the pool's origin and the path a tail joins, without a trailing slash", () => {
    expect(registry.targetOf(record('https://api.example.test:8443/v2/'))).toEqual({
      origin: 'https://api.example.test:8443',
      basePath: '/v2',
    });
    expect(registry.targetOf(record('http://127.0.0.1:9000'))).toEqual({
      origin: 'http://127.0.0.1:9000',
      basePath: '',
    });
  });

  it('parses a cached definition once, and a changed one (a new record) afresh', () => {
    const api = record('https://api.example.test/v1');
    expect(registry.targetOf(api)).toBe(registry.targetOf(api));
    expect(registry.targetOf({ ...api, baseUrl: 'https://other.example.test/' }).origin).toBe(
      'https://other.example.test',
    );
  });
});
