import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A kebab-case agent type, e.g. `code-reviewer`. */
@Entity('agent_types')
export class AgentTypeEntity {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  description: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
