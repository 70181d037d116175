import { Controller, Get } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { RoleView, UserPatterns } from '@portcullis/contracts';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { ApiReply, arrayOf } from '../docs/api-responses.decorator';
import { roleExample } from '../docs/reply-examples';

@Controller('roles')
export class RolesController {
  constructor(private readonly bus: BusClient) {}

  /** The six roles with their effective permissions (inheritance applied). */
  @Get()
  @RequirePermissions('roles:read')
  @ApiReply(200, arrayOf('Role'), [roleExample])
  list(): Promise<RoleView[]> {
    return this.bus.call(UserPatterns.listRoles, {});
  }
}
