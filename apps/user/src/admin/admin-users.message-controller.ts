import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AdminDeleteUserRequest,
  AdminUpdateUserRequest,
  ListUsersRequest,
  Page,
  UserDto,
  UserPatterns,
} from '@portcullis/contracts';
import { AdminDeleteUserUseCase } from './admin-delete-user.use-case';
import { AdminUpdateUserUseCase } from './admin-update-user.use-case';
import { ListUsersUseCase } from './list-users.use-case';

/** Admin user management. The gateway checks permissions; the rank rules are enforced here, on current data. */
@Controller()
export class AdminUsersMessageController {
  constructor(
    private readonly listUsers: ListUsersUseCase,
    private readonly adminUpdateUser: AdminUpdateUserUseCase,
    private readonly adminDeleteUser: AdminDeleteUserUseCase,
  ) {}

  @MessagePattern(UserPatterns.list.pattern)
  list(@Payload() request: ListUsersRequest): Promise<Page<UserDto>> {
    return this.listUsers.execute(request);
  }

  @MessagePattern(UserPatterns.adminUpdate.pattern)
  adminUpdate(@Payload() request: AdminUpdateUserRequest): Promise<UserDto> {
    return this.adminUpdateUser.execute(request);
  }

  @MessagePattern(UserPatterns.adminDelete.pattern)
  adminDelete(@Payload() request: AdminDeleteUserRequest): Promise<void> {
    return this.adminDeleteUser.execute(request);
  }
}
