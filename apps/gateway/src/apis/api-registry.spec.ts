import { SecretBox } from '@portcullis/security';
import { ApiChange, LocalApiChanges } from './api-changes';
import { ApiRecord } from './api-record';
import { ApiRegistry } from './api-registry';
import { ApiFields, ApiRepository } from './api.repository';
import { UpdateApiDto } from './dto/api.dto';

describe('ApiRegistry.targetOf', () => {
  const registry = new ApiRegistry(
    {} as ApiRepository,
    {} as SecretBox,
    { allowPrivateTargets: true, cacheTtlMs: 1 },
    new LocalApiChanges(),
  );
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

/** gateway.upstream_apis in memory: what the registry asks of ApiRepository, and nothing more. */
class InMemoryApiRepository {
  readonly rows = new Map<string, ApiRecord>();
  finds = 0;

  find(id: string, owner: string | null): Promise<ApiRecord | null> {
    this.finds += 1;
    const row = this.rows.get(id);
    return Promise.resolve(row && (owner === null || row.ownerId === owner) ? row : null);
  }

  async update(id: string, owner: string | null, fields: ApiFields): Promise<ApiRecord | null> {
    const row = await this.find(id, owner);
    if (!row) return null;
    const updated = { ...row, ...fields, updatedAt: new Date() };
    this.rows.set(id, updated);
    return updated;
  }

  async delete(id: string, owner: string | null): Promise<boolean> {
    return (await this.find(id, owner)) !== null && this.rows.delete(id);
  }
}

describe('ApiRegistry changes', () => {
  const box = new SecretBox('test-key');
  let repository: InMemoryApiRepository;
  let changes: LocalApiChanges;
  let heard: ApiChange[];
  let registry: ApiRegistry;

  const stored = (over: Partial<ApiRecord> = {}): ApiRecord => ({
    id: 'api-1',
    ownerId: 'owner-1',
    name: 'billing',
    baseUrl: 'http://127.0.0.1:9000/v1',
    authType: 'bearer',
    authConfigSealed: box.seal(JSON.stringify({ token: 'upstream-secret' })),
    authConfigPublic: null,
    timeoutMs: null,
    rateLimit: null,
    routes: [],
    createdAt: new Date(),
    updatedAt: new Date(),
    ...over,
  });
  const put = (over: Partial<UpdateApiDto> = {}): UpdateApiDto => ({
    name: 'billing',
    baseUrl: 'http://127.0.0.1:9000/v1',
    authType: 'bearer',
    ...over,
  });

  beforeEach(() => {
    repository = new InMemoryApiRepository();
    repository.rows.set('api-1', stored());
    changes = new LocalApiChanges();
    heard = [];
    changes.listen((change) => heard.push(change));
    registry = new ApiRegistry(
      repository as unknown as ApiRepository,
      box,
      { allowPrivateTargets: true, cacheTtlMs: 60_000 },
      changes,
    );
  });

  describe('PUT keeping the stored credential (authConfig left out)', () => {
    it('refuses to send it to another origin: 400 VALIDATION_FAILED naming authConfig, nothing stored', async () => {
      for (const baseUrl of ['http://127.0.0.2:9000/v1', 'http://127.0.0.1:9001/v1', 'https://127.0.0.1:9000/v1']) {
        await expect(registry.update('api-1', null, put({ baseUrl }))).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { errors: [{ field: 'authConfig', messages: [expect.stringContaining('baseUrl changes')] }] },
        });
      }
      expect(repository.rows.get('api-1')!.baseUrl).toBe('http://127.0.0.1:9000/v1');
      expect(heard).toEqual([]);
    });

    it('keeps it for a new path on the same origin', async () => {
      const before = repository.rows.get('api-1')!.authConfigSealed;
      await expect(
        registry.update('api-1', null, put({ baseUrl: 'http://127.0.0.1:9000/v2/' })),
      ).resolves.toMatchObject({
        baseUrl: 'http://127.0.0.1:9000/v2',
      });
      expect(repository.rows.get('api-1')!.authConfigSealed).toBe(before);
    });

    it('moves to another origin when authConfig is given again', async () => {
      await registry.update('api-1', null, put({ baseUrl: 'http://127.0.0.2:9000', authConfig: { token: 'new' } }));
      const row = repository.rows.get('api-1')!;
      expect(row.baseUrl).toBe('http://127.0.0.2:9000');
      expect(JSON.parse(box.open(row.authConfigSealed!))).toEqual({ token: 'new' });
    });

    it('lets an API without upstream auth move freely', async () => {
      repository.rows.set('api-1', stored({ authType: 'none', authConfigSealed: null }));
      await expect(
        registry.update('api-1', null, put({ authType: 'none', baseUrl: 'http://127.0.0.2:9000' })),
      ).resolves.toMatchObject({ baseUrl: 'http://127.0.0.2:9000' });
    });
  });

  it('announces a PUT, saying whether the upstream (baseUrl, timeout, auth) changed', async () => {
    await registry.update('api-1', null, put({ name: 'renamed' }));
    await registry.update('api-1', null, put({ name: 'renamed', timeoutMs: 5000 }));
    await registry.update(
      'api-1',
      null,
      put({ name: 'renamed', timeoutMs: 5000, baseUrl: 'http://127.0.0.1:9000/v2' }),
    );
    await registry.update(
      'api-1',
      null,
      put({ name: 'renamed', timeoutMs: 5000, baseUrl: 'http://127.0.0.1:9000/v2', authConfig: { token: 't2' } }),
    );
    expect(heard.map((c) => c.upstreamChanged)).toEqual([false, true, true, true]);
    expect(heard.every((c) => c.apiId === 'api-1')).toBe(true);
  });

  it('announces a DELETE as an upstream gone, and nothing when there was nothing to delete', async () => {
    await registry.delete('api-1', null);
    await expect(registry.delete('api-1', null)).rejects.toMatchObject({ code: 'API_NOT_FOUND' });
    expect(heard).toEqual([{ apiId: 'api-1', upstreamChanged: true }]);
  });

  it('drops its cached definition when another replica announces a change', async () => {
    await registry.forProxy('api-1');
    expect(registry.forProxy('api-1')).not.toBeInstanceOf(Promise);
    repository.rows.delete('api-1');
    await changes.announce({ apiId: 'api-1', upstreamChanged: true });
    await expect(registry.forProxy('api-1')).resolves.toBeNull();
  });

  it('does not cache a definition loaded before a change and answered after it', async () => {
    const loading = registry.forProxy('api-1');
    await changes.announce({ apiId: 'api-1', upstreamChanged: true });
    await expect(loading).resolves.toMatchObject({ id: 'api-1' });
    const finds = repository.finds;
    await registry.forProxy('api-1');
    expect(repository.finds).toBe(finds + 1);
  });
});
