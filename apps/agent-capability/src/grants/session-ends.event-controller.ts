import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DomainEvent, Events } from '@portcullis/contracts';
import { isUuid } from './grant-input';
import { RevokeAgentsUseCase } from './revoke-agents.use-case';
import { RolesLoweredUseCase } from './roles-lowered.use-case';

type SessionEvent = DomainEvent<{ sessionId?: unknown }>;

/**
 * The ends of sessions, API keys and users, from the durable events stream (this app's own consumer group,
 * so an end announced while it was down still arrives): each ends every agent descended from that
 * session or user. A throw leaves the event un-acked for the bus to retry.
 */
@Controller()
export class SessionEndsEventController {
  constructor(
    private readonly revoke: RevokeAgentsUseCase,
    private readonly rolesLowered: RolesLoweredUseCase,
  ) {}

  @EventPattern(Events.logout.type)
  async logout(@Payload() event: SessionEvent): Promise<void> {
    await this.session(event, 'logout');
  }

  @EventPattern(Events.sessionRevoked.type)
  async sessionRevoked(@Payload() event: SessionEvent): Promise<void> {
    await this.session(event, 'session_revoked');
  }

  @EventPattern(Events.refreshReused.type)
  async refreshReused(@Payload() event: SessionEvent): Promise<void> {
    await this.session(event, 'refresh_reused');
  }

  /**
   * A token exchanged for an API key has the key's id as its session, so the agents it started
   * descend from that "session": when the key is revoked they go with it, or they would outlive it
   * by up to their hour (and renew on past it).
   */
  @EventPattern(Events.apiKeyRevoked.type)
  async apiKeyRevoked(@Payload() event: DomainEvent<{ apiKeyId?: unknown }>): Promise<void> {
    const keyId = event?.data?.apiKeyId;
    if (typeof keyId === 'string' && keyId) await this.revoke.bySessions([keyId], 'api_key_revoked');
  }

  /** Every other session ended; their agents go, and so do the current session's (a stolen password may have made them). */
  @EventPattern(Events.passwordChanged.type)
  async passwordChanged(@Payload() event: DomainEvent): Promise<void> {
    await this.user(event, 'password_changed');
  }

  @EventPattern(Events.userDisabled.type)
  async userDisabled(@Payload() event: DomainEvent): Promise<void> {
    await this.user(event, 'user_disabled');
  }

  @EventPattern(Events.userDeleted.type)
  async userDeleted(@Payload() event: DomainEvent): Promise<void> {
    await this.user(event, 'user_deleted');
  }

  /** Agents holding more than the new roles allow end (a promotion ends nothing). */
  @EventPattern(Events.userRolesChanged.type)
  async userRolesChanged(@Payload() event: DomainEvent<{ to?: unknown }>): Promise<void> {
    const roles = event?.data?.to;
    if (event?.subject?.type !== 'user' || !isUuid(event.subject.id) || !Array.isArray(roles)) return;
    await this.rolesLowered.execute(
      event.subject.id,
      roles.filter((r): r is string => typeof r === 'string'),
    );
  }

  private async session(event: SessionEvent, reason: string): Promise<void> {
    const sessionId = event?.data?.sessionId;
    if (typeof sessionId === 'string' && sessionId) await this.revoke.bySessions([sessionId], reason);
  }

  private async user(event: DomainEvent, reason: string): Promise<void> {
    if (event?.subject?.type === 'user' && isUuid(event.subject.id)) await this.revoke.byUser(event.subject.id, reason);
  }
}
