import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { TokenPatterns } from '@portcullis/contracts';
import { RevocationReason, SessionRevoker } from './session-revoker';

/** Asks the token app over the bus; it writes the revocations to Redis and broadcasts them to every gateway. */
@Injectable()
export class BusSessionRevoker extends SessionRevoker {
  constructor(private readonly bus: BusClient) {
    super();
  }

  async revokeAll(userId: string, reason: RevocationReason, exceptSessionId?: string): Promise<number> {
    const { revoked } = await this.bus.call(TokenPatterns.revokeUserSessions, {
      userId,
      reason,
      ...(exceptSessionId ? { exceptSessionId } : {}),
    });
    return revoked;
  }
}
