import { Body, Controller, Get, Put } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AuthPatterns, Principal, ProfileDto } from '@portcullis/contracts';
import { CurrentPrincipal } from './current-principal.decorator';
import { UpdateProfileDto } from './dto/auth.dto';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { ApiReply } from '../docs/api-responses.decorator';
import { profileExample } from '../docs/reply-examples';

/** Profile fields only; roles are not in the DTO, so a `roles` field is rejected as unknown (400). */
@Controller('auth/profile')
export class ProfileController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @RequirePermissions('profile:read')
  @ApiReply(200, 'Profile', profileExample)
  get(@CurrentPrincipal() principal: Principal): Promise<ProfileDto> {
    return this.bus.call(AuthPatterns.getProfile, { principal });
  }

  @Put()
  @RequirePermissions('profile:write')
  @ApiReply(200, 'Profile', profileExample)
  update(@Body() body: UpdateProfileDto, @CurrentPrincipal() principal: Principal): Promise<ProfileDto> {
    return this.bus.call(AuthPatterns.updateProfile, { principal, displayName: body.displayName });
  }
}
