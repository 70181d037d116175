import { Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { USER_CHANGED_TOPIC, UserChanged } from '@portcullis/contracts';

/**
 * Gateways cache each user's view (roles, active flag); this tells every replica to drop one user's
 * at once, after the change is committed.
 */
@Injectable()
export class UserViews {
  private readonly logger = new Logger(UserViews.name);

  constructor(private readonly bus: BusClient) {}

  /** Never fails: a lost notice only lets a cached view live out its (short) TTL. */
  async invalidate(userId: string): Promise<void> {
    const message: UserChanged = { userId };
    await this.bus
      .broadcast(USER_CHANGED_TOPIC, message)
      .catch((err: Error) => this.logger.error(`Could not broadcast user-changed for ${userId}: ${err.message}`));
  }
}
