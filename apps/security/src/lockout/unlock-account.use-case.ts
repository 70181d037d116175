import { Injectable, Logger } from '@nestjs/common';
import { LoginAttemptStore } from './login-attempt.store';
import { loginSubjectOf } from './login-subject';
import { DomainEvent, Events, UnlockAccountReply, UnlockAccountRequest } from '@portcullis/contracts';

/** Lifts a lock before it expires and forgets the failures, so the next typo does not re-lock at once. */
@Injectable()
export class UnlockAccountUseCase {
  private readonly logger = new Logger(UnlockAccountUseCase.name);

  constructor(private readonly store: LoginAttemptStore) {}

  async execute(request: UnlockAccountRequest): Promise<UnlockAccountReply> {
    const { account } = loginSubjectOf(request);
    const unlocked = await this.store.unlock(account, unlockEvent(request.announce));
    if (unlocked) this.logger.log({ msg: 'account unlocked', account });
    return { unlocked };
  }
}

/** Only an auth.account.unlocked event may ride along (the bus is internal, but stay strict). */
function unlockEvent(value: unknown): DomainEvent<Record<string, never>> | undefined {
  const event = value as DomainEvent<Record<string, never>> | undefined;
  return event?.type === Events.accountUnlocked.type && typeof event.id === 'string' ? event : undefined;
}
