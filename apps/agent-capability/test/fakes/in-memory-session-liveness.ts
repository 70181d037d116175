import { SessionLiveness } from '../../src/grants/session-liveness';

/** Every session lives until the test ends it (`ended.add(sessionId)`). */
export class InMemorySessionLiveness extends SessionLiveness {
  readonly ended = new Set<string>();

  async isLive(_userId: string, sessionId: string): Promise<boolean> {
    return !this.ended.has(sessionId);
  }
}
