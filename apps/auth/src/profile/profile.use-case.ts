import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { MeReply, PrincipalRequest, ProfileDto, RoleName, UpdateProfileCommand, UserDto, UserPatterns } from '@portcullis/contracts';

/** Me and profile reads/updates. Roles are never writable here: the command has no such field. */
@Injectable()
export class ProfileUseCase {
  /** Role → permission tables are static per deployment; remember each role set's answer. */
  private readonly permissionCache = new Map<string, Promise<string[]>>();

  constructor(private readonly bus: BusClient) {}

  async me({ principal }: PrincipalRequest): Promise<MeReply> {
    const user = await this.bus.call(UserPatterns.findById, { id: principal.userId });
    const permissions = await this.permissionsFor(user.roles);
    return { id: user.id, email: user.email, displayName: user.displayName, roles: user.roles, permissions };
  }

  async get({ principal }: PrincipalRequest): Promise<ProfileDto> {
    return toProfile(await this.bus.call(UserPatterns.findById, { id: principal.userId }));
  }

  async update({ principal, displayName, meta }: UpdateProfileCommand): Promise<ProfileDto> {
    return toProfile(await this.bus.call(UserPatterns.updateProfile, { id: principal.userId, displayName, meta }));
  }

  private permissionsFor(roles: RoleName[]): Promise<string[]> {
    const key = [...roles].sort().join(',');
    let cached = this.permissionCache.get(key);
    if (!cached) {
      cached = this.bus.call(UserPatterns.permissionsForRoles, { roles }).then((r) => r.permissions);
      cached.catch(() => this.permissionCache.delete(key));
      this.permissionCache.set(key, cached);
    }
    return cached;
  }
}

function toProfile(user: UserDto): ProfileDto {
  return { id: user.id, email: user.email, displayName: user.displayName, createdAt: user.createdAt, updatedAt: user.updatedAt };
}
