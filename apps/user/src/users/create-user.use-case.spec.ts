import { runWithRequestContext } from '@portcullis/common';
import { ErrorCode, UserPatterns } from '@portcullis/contracts';
import { viaBus, withOrigin } from '@portcullis/testing';
import { getRounds } from 'bcrypt';
import { STRONG_PASSWORD, userFixture } from '../../test/fakes/user-fixture';
import { CreateUserUseCase } from './create-user.use-case';

function setup() {
  const f = userFixture();
  return { ...f, create: viaBus(UserPatterns.create, new CreateUserUseCase(f.users, f.hasher, f.rules)) };
}

describe('CreateUserUseCase', () => {
  it('stores a normalised email, the user role and a bcrypt hash, and replies without the hash', async () => {
    const { create, users } = setup();
    const user = await create.execute({ email: '  Ada@Example.COM ', password: STRONG_PASSWORD, displayName: ' Ada ' });

    expect(user).toMatchObject({ email: 'ada@example.com', displayName: 'Ada', roles: ['user'], isActive: true });
    expect(Object.keys(user).sort()).toEqual([
      'createdAt',
      'displayName',
      'email',
      'id',
      'isActive',
      'roles',
      'updatedAt',
    ]);
    const stored = users.rows.get(user.id)!;
    expect(stored.passwordHash).not.toBe(STRONG_PASSWORD);
    expect(getRounds(stored.passwordHash)).toBe(4);
  });

  it('refuses an email that differs from an existing one only in case or spaces', async () => {
    const { create } = setup();
    await create.execute({ email: 'grace@example.com', password: STRONG_PASSWORD });
    await expect(create.execute({ email: ' GRACE@example.com', password: STRONG_PASSWORD })).rejects.toMatchObject({
      code: ErrorCode.AUTH_EMAIL_TAKEN,
    });
  });

  it('lets exactly one of many concurrent creates of one email succeed', async () => {
    const { create, users } = setup();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => create.execute({ email: 'race@example.com', password: STRONG_PASSWORD })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => r.reason.code)).toEqual(
      Array(9).fill(ErrorCode.AUTH_EMAIL_TAKEN),
    );
    expect(users.rows.size).toBe(1);
  });

  it('answers VALIDATION_FAILED naming the email field for something that is not an email', async () => {
    const { create } = setup();
    await expect(create.execute({ email: 'not-an-email', password: STRONG_PASSWORD })).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
      details: { errors: [{ field: 'email', messages: [expect.any(String)] }] },
    });
  });

  it('answers AUTH_WEAK_PASSWORD with the reasons, never the password, and stores nothing', async () => {
    const { create, users, published } = setup();
    const error = await create.execute({ email: 'weak@example.com', password: 'password123' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.AUTH_WEAK_PASSWORD, details: { errors: [{ field: 'password' }] } });
    const { messages } = (error as { details: { errors: Array<{ messages: string[] }> } }).details.errors[0];
    expect(messages.length).toBeGreaterThan(0);
    expect(JSON.stringify(error)).not.toContain('password123');
    expect(users.rows.size).toBe(0);
    expect(published).toHaveLength(0);
  });

  it('announces user.registered with the email and display name only', async () => {
    const { create, published } = setup();
    const meta = { ip: '203.0.113.9', requestId: 'req-1' };
    const user = await withOrigin(meta, () => create.execute({ email: 'lin@example.com', password: STRONG_PASSWORD }));

    expect(published).toEqual([
      {
        type: 'user.registered',
        data: expect.objectContaining({
          type: 'user.registered',
          subject: { type: 'user', id: user.id },
          data: { email: 'lin@example.com', displayName: null },
          meta: expect.objectContaining(meta),
        }),
      },
    ]);
    expect(JSON.stringify(published)).not.toMatch(/violet|\$2b\$/);
  });

  it('stores nothing when the request deadline passed while the password was hashed, so a retry is not a 409', async () => {
    const { create, users, published, hasher } = setup();
    const context = { deadline: Date.now() + 60_000 };
    const realHash = hasher.hash.bind(hasher);
    hasher.hash = async (password) => {
      const hash = await realHash(password);
      context.deadline = Date.now() - 1; // the caller has given up by now
      return hash;
    };
    await expect(
      runWithRequestContext(context, () => create.execute({ email: 'late@example.com', password: STRONG_PASSWORD })),
    ).rejects.toMatchObject({
      code: ErrorCode.BUS_DEADLINE_EXCEEDED,
    });
    expect(users.rows.size).toBe(0);
    expect(published).toHaveLength(0);
  });
});
