import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AgentPatterns, AgentTypeView, CapabilityView } from '@portcullis/contracts';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { UpdateAgentTypeBody } from './agents.dto';

/** The agent catalog (DESIGN §3): types and capabilities as data; editing a type is super_admin's. */
@Controller('agents')
export class AgentCatalogController {
  constructor(private readonly bus: BusClient) {}

  @Get('types')
  @RequirePermissions('agents:read')
  types(): Promise<AgentTypeView[]> {
    return this.bus.call(AgentPatterns.listTypes, {});
  }

  @Get('capabilities')
  @RequirePermissions('agents:read')
  capabilities(): Promise<CapabilityView[]> {
    return this.bus.call(AgentPatterns.listCapabilities, {});
  }

  /** `roles:write` is super_admin's alone: the catalog bounds every agent's grant, like the role table. */
  @Put('types/:id')
  @RequirePermissions('roles:write')
  update(@Param('id') id: string, @Body() body: UpdateAgentTypeBody): Promise<AgentTypeView> {
    return this.bus.call(AgentPatterns.updateType, { id, ...body });
  }
}
