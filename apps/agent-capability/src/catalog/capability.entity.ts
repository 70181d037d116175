import { CapabilityRisk } from '@portcullis/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A `resource:action` capability and its risk. */
@Entity('capabilities')
export class CapabilityEntity {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  description: string;

  @Column('text')
  risk: CapabilityRisk;
}
