import { ErrorCode, UserPatterns } from '@portcullis/contracts';
import { viaBus } from '@portcullis/testing';
import { STRONG_PASSWORD, userFixture } from '../../test/fakes/user-fixture';
import { VerifyCredentialsUseCase } from './verify-credentials.use-case';

async function setup() {
  const f = userFixture();
  const user = (await f.users.insert({
    email: 'ana@example.com',
    displayName: null,
    passwordHash: await f.hasher.hash(STRONG_PASSWORD),
    role: 'user',
  }))!;
  f.verified.length = 0;
  return {
    ...f,
    user,
    verify: viaBus(UserPatterns.verifyCredentials, new VerifyCredentialsUseCase(f.users, f.hasher)),
  };
}

describe('VerifyCredentialsUseCase', () => {
  it('returns the user for the right password, whatever the email case and spacing', async () => {
    const { verify, user } = await setup();
    await expect(verify.execute({ email: ' ANA@example.com ', password: STRONG_PASSWORD })).resolves.toMatchObject({
      id: user.id,
      roles: ['user'],
    });
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const { verify } = await setup();
    const wrong = await verify
      .execute({ email: 'ana@example.com', password: 'violet anchor meadow' })
      .catch((e: unknown) => e);
    const unknown = await verify
      .execute({ email: 'nobody@example.com', password: STRONG_PASSWORD })
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: ErrorCode.AUTH_INVALID_CREDENTIALS, message: 'Invalid email or password' });
    expect(unknown).toMatchObject({ code: ErrorCode.AUTH_INVALID_CREDENTIALS, message: 'Invalid email or password' });
  });

  it('still runs a bcrypt comparison (against the dummy) for an unknown or malformed email', async () => {
    const { verify, verified } = await setup();
    await verify.execute({ email: 'nobody@example.com', password: 'x' }).catch(() => undefined);
    await verify.execute({ email: '', password: 'x' }).catch(() => undefined);
    expect(verified).toEqual([null, null]);
  });

  it('says AUTH_ACCOUNT_DISABLED only to someone who knows the password', async () => {
    const { verify, users, user } = await setup();
    users.rows.get(user.id)!.isActive = false;
    await expect(verify.execute({ email: 'ana@example.com', password: 'wrong wrong wrong' })).rejects.toMatchObject({
      code: ErrorCode.AUTH_INVALID_CREDENTIALS,
    });
    await expect(verify.execute({ email: 'ana@example.com', password: STRONG_PASSWORD })).rejects.toMatchObject({
      code: ErrorCode.AUTH_ACCOUNT_DISABLED,
    });
  });

  it('refuses a missing password as an invalid request, not an internal error', async () => {
    const { verify } = await setup();
    await expect(verify.execute({ email: 'ana@example.com' } as never)).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
      details: { errors: [{ field: 'password', messages: [expect.any(String)] }] },
    });
  });
});
