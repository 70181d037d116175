import { Injectable } from '@nestjs/common';
import { UpdateProfileRequest, UserDto } from '@portcullis/contracts';
import { requireUser, userNotFound } from './find-user.use-case';
import { toUserDto } from './user-dto';
import { UserEvents } from './user-events';
import { UserViews } from './user-views';
import { ProfileChanges, UserRepository } from './user.repository';

/**
 * A user's changes to their own profile. Only profile fields are read from the request, so nothing
 * else a caller slips in (roles, isActive, email) can change here.
 */
@Injectable()
export class UpdateProfileUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly views: UserViews,
  ) {}

  async execute(request: UpdateProfileRequest): Promise<UserDto> {
    const user = await requireUser(this.users, request.id);

    const changes: ProfileChanges = {};
    const { displayName } = request;
    if (displayName !== undefined && displayName !== user.displayName) changes.displayName = displayName;
    const fields = Object.keys(changes);
    // Nothing changed, nothing to announce: subscribers would only see noise.
    if (fields.length === 0) return toUserDto(user);

    const updated = await this.users.transaction(async (tx) => {
      const changed = await tx.updateProfile(user.id, changes);
      if (changed) await tx.announce(UserEvents.updated(changed, fields));
      return changed;
    });
    if (!updated) throw userNotFound();
    await this.views.invalidate(updated.id);
    return toUserDto(updated);
  }
}
