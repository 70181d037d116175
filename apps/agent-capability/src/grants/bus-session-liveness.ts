import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { TokenPatterns } from '@portcullis/contracts';
import { SessionLiveness } from './session-liveness';

/** The token app owns sessions and API keys: it answers (`token.sessionLive`). */
@Injectable()
export class BusSessionLiveness extends SessionLiveness {
  constructor(private readonly bus: BusClient) {
    super();
  }

  async isLive(userId: string, sessionId: string): Promise<boolean> {
    return (await this.bus.call(TokenPatterns.sessionLive, { userId, sessionId })).live;
  }
}
