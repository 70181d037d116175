import { userOwner, webhookFixture } from '../../test/fakes/webhook-fixture';
import { RotateSecretUseCase } from './rotate-secret.use-case';

function setup(secretOverlapMs = 86_400_000) {
  const f = webhookFixture({ secretOverlapMs });
  return { ...f, rotate: new RotateSecretUseCase(f.subscriptions, f.box, f.clock, { secretOverlapMs }) };
}

describe('RotateSecretUseCase', () => {
  it('shows a new secret once and keeps the old one, sealed, until the overlap ends', async () => {
    const { subscribe, rotate, subscriptions, box, clock } = setup();
    const owner = userOwner();
    const created = await subscribe(owner);
    const rotated = await rotate.execute({ owner, id: created.id });

    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.previousSecretExpiresAt).toBe(new Date(clock.now().getTime() + 86_400_000).toISOString());
    const row = subscriptions.rows.get(created.id)!;
    expect(box.open(row.secretSealed)).toBe(rotated.secret);
    expect(box.open(row.previousSecretSealed!)).toBe(created.secret);
  });

  it('keeps no previous secret when the overlap is zero', async () => {
    const { subscribe, rotate, subscriptions } = setup(0);
    const owner = userOwner();
    const created = await subscribe(owner);
    await rotate.execute({ owner, id: created.id });
    expect(subscriptions.rows.get(created.id)).toMatchObject({
      previousSecretSealed: null,
      previousSecretExpiresAt: null,
    });
  });

  it('makes every one of several racing rotations hold a secret that was really installed in turn', async () => {
    const { subscribe, rotate, subscriptions, box } = setup();
    const owner = userOwner();
    const created = await subscribe(owner);
    const [a, b] = await Promise.all([
      rotate.execute({ owner, id: created.id }),
      rotate.execute({ owner, id: created.id }),
    ]);
    const row = subscriptions.rows.get(created.id)!;
    // One rotation followed the other: the later one's previous secret is the earlier one's secret.
    expect([box.open(row.secretSealed), box.open(row.previousSecretSealed!)].sort()).toEqual(
      [a.secret, b.secret].sort(),
    );
  });
});
