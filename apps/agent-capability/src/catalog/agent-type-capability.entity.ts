import { Entity, PrimaryColumn } from 'typeorm';

/** One capability an agent type may be granted. */
@Entity('agent_type_capabilities')
export class AgentTypeCapabilityEntity {
  @PrimaryColumn('text', { name: 'agent_type' })
  agentType: string;

  @PrimaryColumn('text')
  capability: string;
}
