import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { withOrigin } from '@portcullis/testing';
import { BusClient } from '@portcullis/bus';
import { fakeBus } from '../../test/fakes/fake-bus';
import { ChangePasswordUseCase } from './change-password.use-case';

const principal = { kind: 'user' as const, userId: 'u1', sessionId: 's1', jti: 'j1', exp: 0, roles: ['user' as const] };
const command = {
  principal,
  currentPassword: 'guess',
  newPassword: 'Vermilion-Tapestry-93-Orbit!',
  deviceToken: 'dt',
};
/** As the auth app runs it: inside the context the bus restored from the gateway's request. */
const changePassword = (bus: BusClient) =>
  withOrigin({ ip: '10.0.0.1', userAgent: 'ua', requestId: 'req-1' }, () =>
    new ChangePasswordUseCase(bus).execute(command),
  );
const reservation = { id: 'r1', trustedDevice: false };
const base = {
  'user.findById': () => ({ id: 'u1', email: 'ada@example.com' }),
  'security.checkLogin': (p: unknown) => {
    expect(p).toEqual({ email: 'ada@example.com', ip: '10.0.0.1', deviceToken: 'dt' });
    return { reservation };
  },
};

describe('ChangePasswordUseCase', () => {
  it('counts a wrong current password as a failed login of the account and audits it', async () => {
    const { bus, calls, events } = fakeBus({
      ...base,
      'user.changePassword': () => {
        throw new AppError(ErrorCode.AUTH_INVALID_CREDENTIALS, 'Current password is incorrect');
      },
      'security.recordLoginFailure': (p) => {
        expect(p).toMatchObject({ email: 'ada@example.com', reservation });
        return { locked: false, failures: 1 };
      },
    });
    await expect(changePassword(bus)).rejects.toMatchObject({
      code: ErrorCode.AUTH_INVALID_CREDENTIALS,
    });
    expect(calls).toEqual([
      'user.findById',
      'security.checkLogin',
      'user.changePassword',
      'security.recordLoginFailure',
    ]);
    expect(events).toEqual([
      {
        type: 'auth.password.change_failed',
        data: expect.objectContaining({
          subject: { type: 'user', id: 'u1' },
          data: { reason: 'invalid_current_password' },
          meta: { ip: '10.0.0.1', userAgent: 'ua', requestId: 'req-1' },
        }),
      },
    ]);
  });

  it('never checks the current password of a locked account, and says so', async () => {
    const { bus, calls, events } = fakeBus({
      ...base,
      'security.checkLogin': () => {
        throw new AppError(ErrorCode.AUTH_ACCOUNT_LOCKED, 'Account temporarily locked', { retryAfterSeconds: 60 });
      },
    });
    await expect(changePassword(bus)).rejects.toMatchObject({
      code: ErrorCode.AUTH_ACCOUNT_LOCKED,
    });
    expect(calls).not.toContain('user.changePassword');
    expect(events.map((e) => e.data.data)).toEqual([{ reason: 'locked' }]);
  });

  it('frees the slot without counting when the new password is refused, and clears the count on success', async () => {
    const weak = fakeBus({
      ...base,
      'user.changePassword': () => {
        throw new AppError(ErrorCode.AUTH_WEAK_PASSWORD, 'weak');
      },
      'security.releaseLogin': (p) => expect(p).toMatchObject({ reservation }),
    });
    await expect(changePassword(weak.bus)).rejects.toMatchObject({
      code: ErrorCode.AUTH_WEAK_PASSWORD,
    });
    expect(weak.calls).not.toContain('security.recordLoginFailure');

    const ok = fakeBus({
      ...base,
      'user.changePassword': () => undefined,
      'security.recordLoginSuccess': () => ({ deviceToken: 'x', deviceTokenTtlSeconds: 1 }),
    });
    await changePassword(ok.bus);
    expect(ok.calls).toEqual([
      'user.findById',
      'security.checkLogin',
      'user.changePassword',
      'security.recordLoginSuccess',
    ]);
  });
});
