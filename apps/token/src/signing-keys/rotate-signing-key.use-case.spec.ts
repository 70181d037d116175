import { tokenKit } from '../../test/fakes/token-kit';
import { GetJwksUseCase } from './get-jwks.use-case';
import { ACTIVE_KEY_RECHECK_MS } from './active-signing-key';
import { RotateSigningKeyUseCase } from './rotate-signing-key.use-case';
import { SigningKeyNotices } from './signing-key-notices';

/** Records what the gateways would be told; `failing` makes the broadcast throw. */
class RecordingNotices extends SigningKeyNotices {
  readonly sent: string[] = [];
  failing = false;

  changed(kid: string): Promise<void> {
    if (this.failing) return Promise.reject(new Error('redis down'));
    this.sent.push(kid);
    return Promise.resolve();
  }
}

const userId = '0d6b2c8e-3f5a-4e7b-9c1d-2a3b4c5d6e7f';

const rotation = (kit: ReturnType<typeof tokenKit>, notices: SigningKeyNotices) =>
  new RotateSigningKeyUseCase(kit.keys, kit.keyFactory, kit.activeKey, kit.clock, kit.settings, notices);

describe('RotateSigningKeyUseCase', () => {
  it('signs with the new key at once and keeps the old one published until its tokens have expired', async () => {
    const kit = tokenKit({ accessTokenTtlSeconds: 900 });
    const notices = new RecordingNotices();
    const rotateKey = rotation(kit, notices);
    const jwks = new GetJwksUseCase(kit.keys, kit.clock);
    const old = await kit.activeKey.get();
    kit.clock.advance(60_000);

    const { kid } = await rotateKey.execute({ actorId: userId });
    expect(kit.keys.outbox).toEqual([
      expect.objectContaining({
        type: 'token.signing_key.rotated',
        subject: { type: 'system', id: kid },
        actor: { type: 'user', id: userId },
        data: { kid },
      }),
    ]);

    expect(kid).not.toBe(old.kid);
    expect(notices.sent).toEqual([kid]);
    expect((await kit.activeKey.get()).kid).toBe(kid);
    const retired = kit.keys.rows.find((k) => k.kid === old.kid)!;
    expect(retired.retiredAt).toEqual(kit.clock.now());
    // Published for the longest token it can have signed: an agent token's hour, not the access tokens' 15 minutes.
    const published = 3_600_000 + ACTIVE_KEY_RECHECK_MS;
    expect(retired.expiresAt).toEqual(new Date(kit.clock.now().getTime() + published));
    expect((await jwks.execute()).keys.map((k) => k.kid)).toEqual([kid, old.kid]);

    kit.clock.advance(published - 1000);
    expect((await jwks.execute()).keys.map((k) => k.kid)).toEqual([kid, old.kid]);
    kit.clock.advance(1000);
    expect((await jwks.execute()).keys.map((k) => k.kid)).toEqual([kid]);
  });

  it('rotates even when the gateways cannot be told (they reload the keys on their own schedule)', async () => {
    const kit = tokenKit({ accessTokenTtlSeconds: 900 });
    const notices = new RecordingNotices();
    notices.failing = true;
    const rotateKey = rotation(kit, notices);
    const { kid } = await rotateKey.execute({});
    expect((await kit.activeKey.get()).kid).toBe(kid);
  });
});
