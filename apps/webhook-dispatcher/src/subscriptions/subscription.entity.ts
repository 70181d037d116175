import { WebhookDisabledReason, WebhookScope } from '@portcullis/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** `webhooks.subscriptions`, created by migration 1764000000000 (no defaults are relied on for ids). */
@Entity('subscriptions')
export class SubscriptionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  ownerUserId: string;

  @Column('text')
  url: string;

  @Column('text', { array: true })
  events: string[];

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column('text')
  scope: WebhookScope;

  /** SecretBox-sealed: the secret must be recoverable, since every delivery signs with it. */
  @Column('text')
  secretSealed: string;

  @Column({ type: 'text', nullable: true })
  previousSecretSealed: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column('boolean')
  isActive: boolean;

  @Column({ type: 'text', nullable: true })
  disabledReason: WebhookDisabledReason | null;

  @Column({ type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
