import { Injectable } from '@nestjs/common';
import { ListUsersRequest, Page, UserDto } from '@portcullis/contracts';
import { toUserDto } from '../users/user-dto';
import { UserRepository } from '../users/user.repository';

/** `GET /admin/users`: a page of users, newest first, optionally filtered by email or display name. */
@Injectable()
export class ListUsersUseCase {
  constructor(private readonly users: UserRepository) {}

  async execute(request: ListUsersRequest): Promise<Page<UserDto>> {
    // Paging defaults, bounds and the trimmed search come checked from the contract.
    const { page, limit, search } = request;
    const { items, total } = await this.users.list({ offset: (page - 1) * limit, limit, search });
    return { items: items.map(toUserDto), total, page, limit };
  }
}
