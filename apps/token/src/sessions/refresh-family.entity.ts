import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One login: a session, and the family of refresh tokens descended from it. Revoking the family
 * ends the session; its id is the `sid` claim of every access token issued for it.
 */
@Entity({ name: 'refresh_families' })
export class RefreshFamilyEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @Column('text', { nullable: true })
  deviceName: string | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { nullable: true })
  userAgent: string | null;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  lastUsedAt: Date;

  /** Slides forward with each rotation: the expiry of the family's newest refresh token. */
  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Column('text', { nullable: true })
  revokedReason: string | null;
}
