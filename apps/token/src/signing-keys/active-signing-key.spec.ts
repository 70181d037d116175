import { tokenKit, TokenKit } from '../../test/fakes/token-kit';
import { ACTIVE_KEY_RECHECK_MS } from './active-signing-key';

describe('ActiveSigningKey', () => {
  let kit: TokenKit;
  beforeEach(() => (kit = tokenKit()));

  it('creates the first key on a fresh database, sealed at rest, and reuses it', async () => {
    const first = await kit.activeKey.get();
    expect(kit.keys.rows).toHaveLength(1);
    expect(kit.keys.rows[0].privateKeySealed).not.toContain('private-1');
    expect(kit.box.open(kit.keys.rows[0].privateKeySealed)).toBe('private-1');
    expect(await kit.activeKey.get()).toBe(first);
    expect(kit.crypto.imports).toBe(1);
  });

  it("picks up another replica's rotation at the next check, not on every signature", async () => {
    const before = await kit.activeKey.get();
    const next = await kit.keyFactory.create();
    await kit.keys.rotate(next, new Date(kit.clock.now().getTime() + 900_000));

    kit.clock.advance(ACTIVE_KEY_RECHECK_MS - 1);
    expect((await kit.activeKey.get()).kid).toBe(before.kid);
    kit.clock.advance(1);
    expect((await kit.activeKey.get()).kid).toBe(next.kid);
    expect(kit.crypto.imports).toBe(2);
  });

  it('keeps signing with the key it has while the database is unreachable', async () => {
    const before = await kit.activeKey.get();
    kit.keys.failReads = true;
    kit.clock.advance(ACTIVE_KEY_RECHECK_MS);
    expect((await kit.activeKey.get()).kid).toBe(before.kid);
  });

  it('fails when it has never loaded a key and cannot reach the database', async () => {
    kit.keys.failReads = true;
    await expect(kit.activeKey.get()).rejects.toThrow('database unreachable');
  });
});
