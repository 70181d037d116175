import { BusClient, RemoteError } from '@portcullis/bus';
import { ErrorCode, RpcDefinition, UserDto, UserPatterns } from '@portcullis/contracts';
import Redis from 'ioredis';
import { testApiKeySettings } from '../../test/fakes/api-key-kit';
import { BusOwnerPermissions } from './bus-owner-permissions';

const PERMISSIONS: Record<string, string[]> = { user: ['profile:read'], developer: ['profile:read', 'apis:write'] };

/** The user app's two answers, from a table a test edits; counts calls to prove what was cached. */
class FakeUserApp {
  users = new Map<string, Pick<UserDto, 'roles' | 'isActive'>>();
  calls = 0;
  /** Lets a test change the user while a load is between its two calls. */
  betweenCalls?: () => void;

  async call(
    definition: RpcDefinition<unknown, unknown>,
    payload: { id?: string; roles?: string[] },
  ): Promise<unknown> {
    this.calls++;
    if (definition.pattern === UserPatterns.findById.pattern) {
      const user = this.users.get(payload.id!);
      if (!user) throw new RemoteError(ErrorCode.USER_NOT_FOUND, 'User not found');
      return { id: payload.id, ...user };
    }
    this.betweenCalls?.();
    return { permissions: [...new Set(payload.roles!.flatMap((r) => PERMISSIONS[r] ?? []))] };
  }
}

describe('BusOwnerPermissions', () => {
  const build = () => {
    const app = new FakeUserApp();
    const owners = new BusOwnerPermissions(app as unknown as BusClient, {} as Redis, 'p', testApiKeySettings);
    return { app, owners };
  };

  it('asks the user app once, then answers from memory until a user-changed notice', async () => {
    const { app, owners } = build();
    app.users.set('u', { roles: ['developer'], isActive: true });
    await expect(owners.of('u')).resolves.toEqual({
      roles: ['developer'],
      permissions: ['profile:read', 'apis:write'],
    });
    await owners.of('u');
    expect(app.calls).toBe(2);

    app.users.set('u', { roles: ['user'], isActive: true });
    owners.forget('u');
    await expect(owners.of('u')).resolves.toEqual({ roles: ['user'], permissions: ['profile:read'] });
  });

  it('answers null for unknown and disabled users, and caches that too', async () => {
    const { app, owners } = build();
    await expect(owners.of('ghost')).resolves.toBeNull();
    await expect(owners.of('ghost')).resolves.toBeNull();
    expect(app.calls).toBe(1);
    app.users.set('off', { roles: ['user'], isActive: false });
    await expect(owners.of('off')).resolves.toBeNull();
  });

  it('does not cache a load that a notice overtook (the demotion would be lost until the TTL)', async () => {
    const { app, owners } = build();
    app.users.set('u', { roles: ['developer'], isActive: true });
    app.betweenCalls = () => {
      app.betweenCalls = undefined;
      owners.forget('u');
    };
    await owners.of('u');
    const before = app.calls;
    await owners.of('u');
    expect(app.calls).toBe(before + 2);
  });

  it('asks afresh for `current`, whatever is cached', async () => {
    const { app, owners } = build();
    app.users.set('u', { roles: ['user'], isActive: true });
    await owners.of('u');
    app.users.set('u', { roles: ['developer'], isActive: true });
    await expect(owners.current('u')).resolves.toMatchObject({ roles: ['developer'] });
  });

  it('passes other failures on (the user app being down is not "no such owner")', async () => {
    const { app, owners } = build();
    jest.spyOn(app, 'call').mockRejectedValueOnce(new RemoteError(ErrorCode.BUS_TIMEOUT, 'timeout'));
    await expect(owners.of('u')).rejects.toMatchObject({ code: ErrorCode.BUS_TIMEOUT });
  });
});
