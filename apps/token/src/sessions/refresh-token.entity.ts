import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One refresh token, known only by its SHA-256: the plaintext is never stored. */
@Entity({ name: 'refresh_tokens' })
export class RefreshTokenEntity {
  @PrimaryColumn('text')
  tokenHash: string;

  @Column('uuid')
  familyId: string;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  /** Set once, atomically, by the rotation that spends it; presenting it again is reuse. */
  @Column('timestamptz', { nullable: true })
  spentAt: Date | null;

  @Column('text', { nullable: true })
  successorHash: string | null;
}
