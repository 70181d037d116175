import { Webhook } from 'standardwebhooks';
import { userOwner, webhookFixture } from '../../test/fakes/webhook-fixture';
import { RotateSecretUseCase } from '../subscriptions/rotate-secret.use-case';
import { WebhookSender } from './webhook-sender';

const payload = {
  id: 'evt-42',
  type: 'user.updated',
  occurredAt: new Date().toISOString(),
  subject: { type: 'user' as const, id: 'u' },
  data: {},
};

async function rotated(overlapMs: number) {
  const f = webhookFixture({ secretOverlapMs: overlapMs });
  const owner = userOwner();
  const before = await f.subscribe(owner);
  const after = await new RotateSecretUseCase(f.subscriptions, f.box, f.clock, { secretOverlapMs: overlapMs }).execute({
    owner,
    id: before.id,
  });
  const sender = new WebhookSender(f.transport, f.box, f.clock, f.settings);
  const send = async () => {
    await sender.send(f.subscriptions.rows.get(before.id)!, payload);
    return f.transport.sent[f.transport.sent.length - 1];
  };
  return { ...f, oldSecret: before.secret, newSecret: after.secret, send };
}

describe('WebhookSender address pinning', () => {
  it('sends to the addresses the SSRF check approved, so DNS cannot be asked a second time', async () => {
    const f = webhookFixture();
    const sender = new WebhookSender(f.transport, f.box, f.clock, { ...f.settings, allowPrivateTargets: false });
    const subscription = {
      ...f.subscriptions.rows.get((await f.subscribe(userOwner())).id)!,
      url: 'https://93.184.216.34/hook',
    };
    await sender.send(subscription, payload);
    expect(f.transport.sent.at(-1)).toMatchObject({
      url: 'https://93.184.216.34/hook',
      pinnedAddresses: ['93.184.216.34'],
    });
  });

  it('pins private targets too when they are allowed, and still never calls a metadata address', async () => {
    const f = webhookFixture({ allowPrivateTargets: true });
    const sender = new WebhookSender(f.transport, f.box, f.clock, f.settings);
    const subscription = f.subscriptions.rows.get((await f.subscribe(userOwner())).id)!;
    await sender.send(subscription, payload);
    expect(f.transport.sent.at(-1)).toMatchObject({ url: 'http://127.0.0.1:9/hook', pinnedAddresses: ['127.0.0.1'] });

    const sent = f.transport.sent.length;
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/',
      'http://0xa9fea9fe/',
    ]) {
      expect(await sender.send({ ...subscription, url }, payload)).toMatchObject({
        sent: false,
        error: 'url resolves to a forbidden address',
      });
    }
    expect(f.transport.sent).toHaveLength(sent);
  });
});

describe('WebhookSender and secret rotation', () => {
  it('signs with both secrets during the overlap, so receivers on either one verify', async () => {
    const { send, oldSecret, newSecret } = await rotated(60_000);
    const { body, headers } = await send();
    const [first, second] = headers['webhook-signature'].split(' ');
    expect(() => new Webhook(newSecret).verify(body, { ...headers, 'webhook-signature': first })).not.toThrow();
    expect(() => new Webhook(oldSecret).verify(body, { ...headers, 'webhook-signature': second })).not.toThrow();
    expect(() => new Webhook(oldSecret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newSecret).verify(body, headers)).not.toThrow();
  });

  it('signs with the new secret alone once the overlap has passed', async () => {
    const { send, clock, oldSecret, newSecret } = await rotated(60_000);
    clock.advance(60_001);
    const { body, headers } = await send();
    expect(headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(() => new Webhook(newSecret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(oldSecret).verify(body, headers)).toThrow();
  });
});
