import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PermissionsForRolesReply, PermissionsForRolesRequest, UserPatterns } from '@portcullis/contracts';
import { PermissionsForRolesUseCase } from './permissions-for-roles.use-case';

@Controller()
export class RolesMessageController {
  constructor(private readonly permissionsForRolesUseCase: PermissionsForRolesUseCase) {}

  @MessagePattern(UserPatterns.permissionsForRoles.pattern)
  permissionsForRoles(@Payload() request: PermissionsForRolesRequest): Promise<PermissionsForRolesReply> {
    return this.permissionsForRolesUseCase.execute(request);
  }
}
