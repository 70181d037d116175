import { UserDto } from '@portcullis/contracts';
import { UserRecord } from './user.repository';

/** The only shape a user leaves this app in: no hash, dates as ISO strings. */
export function toUserDto(user: UserRecord): UserDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: [...user.roles],
    isActive: user.isActive,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
