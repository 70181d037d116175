import { Injectable } from '@nestjs/common';
import { authDuration, authRequests } from './auth-metrics';

/** Counts auth operations by outcome (`ok` or the error code) and times them. */
@Injectable()
export class AuthOutcome {
  async track<T>(operation: string, work: Promise<T>): Promise<T> {
    const stop = authDuration().startTimer({ operation });
    try {
      const result = await work;
      authRequests().inc({ operation, outcome: 'ok' });
      return result;
    } catch (err) {
      authRequests().inc({ operation, outcome: (err as { code?: string }).code ?? 'error' });
      throw err;
    } finally {
      stop();
    }
  }
}
