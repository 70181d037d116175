import { ErrorCode } from '@portcullis/contracts';
import { lockoutFixture } from '../../test/fakes/lockout-fixture';
import { CheckLoginUseCase } from './check-login.use-case';
import { RecordLoginFailureUseCase } from './record-login-failure.use-case';
import { RecordLoginSuccessUseCase } from './record-login-success.use-case';

describe('RecordLoginSuccessUseCase', () => {
  const f = lockoutFixture();
  const fail = new RecordLoginFailureUseCase(f.store, f.policy, f.devices);
  const succeed = new RecordLoginSuccessUseCase(f.store, f.devices);
  const check = new CheckLoginUseCase(f.store, f.policy, f.devices);

  it("resets the account's count, so earlier typos no longer add up to a lock", async () => {
    for (let i = 0; i < 4; i++) await fail.execute({ email: 'bob@example.com' });
    await succeed.execute({ email: ' BOB@example.com' });
    expect(await fail.execute({ email: 'bob@example.com' })).toEqual({ locked: false, failures: 1 });
  });

  it("leaves the address's count alone, so one good login does not launder a spraying IP", async () => {
    for (let i = 0; i < f.policy.ipFailureLimit; i++)
      await fail.execute({ email: `spray${i}@example.com`, ip: '198.51.100.9' });
    await succeed.execute({ email: 'spray0@example.com', ip: '198.51.100.9' });
    await expect(check.execute({ email: 'other@example.com', ip: '198.51.100.9' })).rejects.toMatchObject({
      code: ErrorCode.RATE_LIMITED,
    });
  });
});
