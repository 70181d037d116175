import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PermissionsForRolesReply, PermissionsForRolesRequest, RoleView, UserPatterns } from '@portcullis/contracts';
import { ListRolesUseCase } from './list-roles.use-case';
import { PermissionsForRolesUseCase } from './permissions-for-roles.use-case';

@Controller()
export class RolesMessageController {
  constructor(
    private readonly permissionsForRolesUseCase: PermissionsForRolesUseCase,
    private readonly listRolesUseCase: ListRolesUseCase,
  ) {}

  @MessagePattern(UserPatterns.permissionsForRoles.pattern)
  permissionsForRoles(@Payload() request: PermissionsForRolesRequest): Promise<PermissionsForRolesReply> {
    return this.permissionsForRolesUseCase.execute(request);
  }

  @MessagePattern(UserPatterns.listRoles.pattern)
  listRoles(): Promise<RoleView[]> {
    return this.listRolesUseCase.execute();
  }
}
