import { RedisStreamsServer } from '@portcullis/bus';
import {
  ErrorCode,
  FindUserRequest,
  PermissionsForRolesRequest,
  RoleName,
  UserDto,
  UserPatterns,
} from '@portcullis/contracts';

export interface StubUser {
  roles: RoleName[];
  isActive: boolean;
}

/**
 * Stands in for the user app on the bus, answering the two questions the dispatcher asks about
 * subscription owners. Users it was not told about are active admins, so tests of other things
 * need not register the random owners they make; `users.set(id, null)` makes one deleted.
 */
export class UserDirectoryStub {
  readonly users = new Map<string, StubUser | null>();
  private readonly server: RedisStreamsServer;

  constructor(redisUrl: string, prefix: string) {
    this.server = new RedisStreamsServer({ redis: { url: redisUrl }, prefix, service: 'user', blockMs: 200 });
    this.server.addHandler(
      UserPatterns.findById.pattern,
      async (request: FindUserRequest) => this.find(request.id),
      false,
    );
    this.server.addHandler(
      UserPatterns.permissionsForRoles.pattern,
      async (request: PermissionsForRolesRequest) => permissionsOf(request.roles),
      false,
    );
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.server.listen((err) =>
        err ? reject(err instanceof Error ? err : new Error(JSON.stringify(err))) : resolve(),
      ),
    );
  }

  stop(): Promise<void> {
    return this.server.close();
  }

  private find(id: string): UserDto {
    const user = this.users.has(id) ? this.users.get(id) : { roles: ['admin' as RoleName], isActive: true };
    // The shape an RPC error takes on the bus (instanceof does not cross a process boundary).
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    if (!user) throw { code: ErrorCode.USER_NOT_FOUND, message: 'User not found' };
    const at = new Date().toISOString();
    return {
      id,
      email: `${id}@example.com`,
      displayName: null,
      roles: user.roles,
      isActive: user.isActive,
      createdAt: at,
      updatedAt: at,
    };
  }
}

/** The seeded table's answer for webhooks:scope-all, which is all the dispatcher looks at. */
function permissionsOf(roles: RoleName[]): { permissions: string[] } {
  const admin = roles.some((r) => r === 'admin' || r === 'super_admin');
  return {
    permissions: admin
      ? ['webhooks:read', 'webhooks:write', 'webhooks:scope-all']
      : ['webhooks:read', 'webhooks:write'],
  };
}
