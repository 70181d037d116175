import { Injectable } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { ErrorCode, FindUserRequest, UserDto } from '@portcullis/contracts';
import { toUserDto } from './user-dto';
import { UserRecord, UserRepository } from './user.repository';

export function userNotFound(): AppError {
  return new AppError(ErrorCode.USER_NOT_FOUND, 'User not found');
}

/** Loads a user or fails with USER_NOT_FOUND (also for ids that are not UUIDs). */
export async function requireUser(users: UserRepository, id: unknown): Promise<UserRecord> {
  const user = typeof id === 'string' ? await users.findById(id) : null;
  if (!user) throw userNotFound();
  return user;
}

@Injectable()
export class FindUserUseCase {
  constructor(private readonly users: UserRepository) {}

  async execute(request: FindUserRequest): Promise<UserDto> {
    return toUserDto(await requireUser(this.users, request?.id));
  }
}
