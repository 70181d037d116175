import { WebhookDisabledReason, WebhookScope } from '@portcullis/contracts';

/** A subscription as this app holds it; the sealed secrets never leave the app (see subscription-dto.ts). */
export interface SubscriptionRecord {
  id: string;
  ownerUserId: string;
  url: string;
  events: string[];
  description: string | null;
  scope: WebhookScope;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
  isActive: boolean;
  disabledReason: WebhookDisabledReason | null;
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewSubscription = Pick<
  SubscriptionRecord,
  'ownerUserId' | 'url' | 'events' | 'description' | 'scope' | 'secretSealed'
>;

export type SubscriptionChanges = Partial<
  Pick<
    SubscriptionRecord,
    | 'url'
    | 'events'
    | 'description'
    | 'scope'
    | 'isActive'
    | 'disabledReason'
    | 'failingSince'
    | 'secretSealed'
    | 'previousSecretSealed'
    | 'previousSecretExpiresAt'
  >
>;

export abstract class SubscriptionRepository {
  abstract insert(subscription: NewSubscription): Promise<SubscriptionRecord>;

  /** Null for an unknown id, including one that is not a UUID at all. */
  abstract findById(id: string): Promise<SubscriptionRecord | null>;

  /** Newest first; `ownerUserId: null` lists everyone's (admins). */
  abstract list(
    ownerUserId: string | null,
    page: number,
    limit: number,
  ): Promise<{ items: SubscriptionRecord[]; total: number }>;

  abstract update(id: string, changes: SubscriptionChanges): Promise<SubscriptionRecord | null>;

  /**
   * Compare-and-set: installs `nextSealed` only while the secret is still `expectedSealed`, moving
   * that one to `previous`. Two rotations racing must not leave a caller holding a secret that
   * was overwritten a moment later and never signs anything.
   */
  abstract rotateSecret(
    id: string,
    expectedSealed: string,
    nextSealed: string,
    previousExpiresAt: Date | null,
  ): Promise<SubscriptionRecord | null>;

  /** Its deliveries and attempts go with it. */
  abstract delete(id: string): Promise<void>;

  /** Every subscription of a user (a deleted account): resolves how many went. */
  abstract deleteByOwner(ownerUserId: string): Promise<number>;

  /** Switches off the owner's active scope-all subscriptions (`owner_unauthorized`); resolves how many. */
  abstract pauseScopeAll(ownerUserId: string): Promise<number>;

  /** Active subscriptions that may want an event about these users: theirs, and every scope-all one. */
  abstract findCandidates(userIds: string[]): Promise<SubscriptionRecord[]>;

  /** Starts a failing run unless one is under way; resolves when the current run started. */
  abstract markFailing(id: string, at: Date): Promise<Date | null>;

  abstract clearFailing(id: string): Promise<void>;

  /**
   * Switches an active subscription off. Resolves it only if this call did the switching, so of
   * several replicas failing at once exactly one announces it.
   */
  abstract disable(id: string, reason: WebhookDisabledReason): Promise<SubscriptionRecord | null>;
}
