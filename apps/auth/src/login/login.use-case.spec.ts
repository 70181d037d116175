import { AppError, runWithRequestContext } from '@portcullis/common';
import { BusClient } from '@portcullis/bus';
import { ErrorCode, LoginRequest } from '@portcullis/contracts';
import { withOrigin } from '@portcullis/testing';
import { fakeBus } from '../../test/fakes/fake-bus';
import { LoginUseCase } from './login.use-case';

const user = {
  id: 'u1',
  email: 'a@b.c',
  displayName: null,
  roles: ['user'],
  isActive: true,
  createdAt: '',
  updatedAt: '',
};
const session = { accessToken: 'at', refreshToken: 'rt', tokenType: 'Bearer', expiresIn: 900, sessionId: 's1' };
const request = { email: 'A@B.c ', password: 'pw' };
const origin = { ip: '10.0.0.1', userAgent: 'ua', requestId: 'req-1' };
/** As the auth app runs it: inside the context the bus restored from the gateway's request. */
const login = (bus: BusClient, req: LoginRequest = request) =>
  withOrigin(origin, () => new LoginUseCase(bus).execute(req));
const reservation = { id: 'r1', trustedDevice: false };

describe('LoginUseCase', () => {
  it('never checks the password of a locked account, and says 423 with the lock', async () => {
    const { bus, calls, events } = fakeBus({
      'security.checkLogin': (p) => {
        // The IP the lockout counts comes from the request's context, not from the payload.
        expect(p).toMatchObject({ ip: '10.0.0.1' });
        throw new AppError(ErrorCode.AUTH_ACCOUNT_LOCKED, 'locked', { retryAfterSeconds: 60 });
      },
    });
    await expect(login(bus)).rejects.toMatchObject({ code: ErrorCode.AUTH_ACCOUNT_LOCKED });
    expect(calls).toEqual(['security.checkLogin']);
    expect(events.map((e) => e.type)).toEqual(['auth.login.failed']);
    expect(events[0].data.meta).toEqual(origin);
  });

  it('counts a wrong password against the account and answers AUTH_INVALID_CREDENTIALS', async () => {
    const { bus, calls } = fakeBus({
      'security.checkLogin': () => ({ reservation }),
      'user.verifyCredentials': () => {
        throw new AppError(ErrorCode.AUTH_INVALID_CREDENTIALS, 'Invalid email or password');
      },
      'security.recordLoginFailure': (p) => {
        // The reserved slot is what becomes the failure.
        expect(p).toMatchObject({ reservation });
        return { locked: false, failures: 1 };
      },
    });
    await expect(login(bus)).rejects.toMatchObject({
      code: ErrorCode.AUTH_INVALID_CREDENTIALS,
    });
    expect(calls).toContain('security.recordLoginFailure');
    expect(calls).not.toContain('token.createSession');
  });

  it('gives the reserved slot back when the password check never answers, and counts nothing', async () => {
    const { bus, calls } = fakeBus({
      'security.checkLogin': () => ({ reservation }),
      'user.verifyCredentials': () => {
        throw new AppError(ErrorCode.BUS_TIMEOUT, 'timed out');
      },
      'security.releaseLogin': (p) => expect(p).toMatchObject({ reservation }),
    });
    await expect(login(bus)).rejects.toMatchObject({ code: ErrorCode.BUS_TIMEOUT });
    expect(calls).toEqual(['security.checkLogin', 'user.verifyCredentials', 'security.releaseLogin']);
  });

  it('opens a session with the user roles and returns the token pair with a fresh device token', async () => {
    const { bus, events } = fakeBus({
      'security.checkLogin': (p) => {
        expect(p).toMatchObject({ deviceToken: 'dt-old' });
        return { reservation };
      },
      'user.verifyCredentials': () => user,
      'security.recordLoginSuccess': (p) => {
        expect(p).toMatchObject({ reservation, deviceToken: 'dt-old' });
        return { deviceToken: 'dt-new', deviceTokenTtlSeconds: 3600 };
      },
      'token.createSession': (p) => {
        expect(p).toMatchObject({ userId: 'u1', roles: ['user'] });
        return session;
      },
    });
    await expect(login(bus, { ...request, deviceToken: 'dt-old' })).resolves.toEqual({
      accessToken: 'at',
      refreshToken: 'rt',
      tokenType: 'Bearer',
      expiresIn: 900,
      device: { token: 'dt-new', ttlSeconds: 3600 },
    });
    // auth.login.succeeded is the token app's to commit with the session, not the auth app's to publish.
    expect(events).toEqual([]);
  });

  it('opens no session when the request deadline passed while the password was being checked', async () => {
    const context = { deadline: Date.now() + 60_000 };
    const { bus, calls } = fakeBus({
      'security.checkLogin': () => ({ reservation }),
      'user.verifyCredentials': () => {
        context.deadline = Date.now() - 1; // the gateway has answered 504 by now
        return user;
      },
      'security.recordLoginSuccess': () => ({ deviceToken: 'dt', deviceTokenTtlSeconds: 60 }),
      'token.createSession': () => session,
    });
    await expect(runWithRequestContext(context, () => new LoginUseCase(bus).execute(request))).rejects.toMatchObject({
      code: ErrorCode.BUS_DEADLINE_EXCEEDED,
    });
    expect(calls).not.toContain('token.createSession');
  });
});
