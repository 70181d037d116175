import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError } from '@portcullis/common';
import {
  ErrorCode,
  MeReply,
  PrincipalRequest,
  ProfileDto,
  UpdateProfileCommand,
  UserDto,
  UserPatterns,
} from '@portcullis/contracts';

/** Me and profile reads/updates. Roles are never writable here: the command has no such field. */
@Injectable()
export class ProfileUseCase {
  constructor(private readonly bus: BusClient) {}

  /**
   * The user view every gateway caches and checks permissions against (dropped on every change of
   * the user). A disabled account has none: every token still naming it (one exchanged for an API
   * key has no login session to revoke; an agent's names its person) is refused on its next view.
   */
  async me({ principal }: PrincipalRequest): Promise<MeReply> {
    const user = await this.bus.call(UserPatterns.findById, { id: principal.userId });
    if (!user.isActive) throw new AppError(ErrorCode.AUTH_ACCOUNT_DISABLED, 'The account is disabled');
    // Not cached here: the user app's role catalog is the one source (in memory, dropped on
    // `roles-changed`), and gateways cache the whole answer per user, so this runs on a miss only.
    const { permissions } = await this.bus.call(UserPatterns.permissionsForRoles, { roles: user.roles });
    return { id: user.id, email: user.email, displayName: user.displayName, roles: user.roles, permissions };
  }

  async get({ principal }: PrincipalRequest): Promise<ProfileDto> {
    return toProfile(await this.bus.call(UserPatterns.findById, { id: principal.userId }));
  }

  async update({ principal, displayName }: UpdateProfileCommand): Promise<ProfileDto> {
    return toProfile(await this.bus.call(UserPatterns.updateProfile, { id: principal.userId, displayName }));
  }
}

function toProfile(user: UserDto): ProfileDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
