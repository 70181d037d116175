import { Injectable, Logger } from '@nestjs/common';
import { LoginAttemptStore } from './login-attempt.store';
import { loginSubjectOf } from './login-subject';
import { actingUser, domainEvent } from '@portcullis/common';
import { Events, UnlockAccountReply, UnlockAccountRequest } from '@portcullis/contracts';

/** Lifts a lock before it expires and forgets the failures, so the next typo does not re-lock at once. */
@Injectable()
export class UnlockAccountUseCase {
  private readonly logger = new Logger(UnlockAccountUseCase.name);

  constructor(private readonly store: LoginAttemptStore) {}

  async execute(request: UnlockAccountRequest): Promise<UnlockAccountReply> {
    const { account } = loginSubjectOf(request);
    const event = request.userId
      ? domainEvent(Events.accountUnlocked, {
          subject: { type: 'user', id: request.userId },
          actor: actingUser(),
          data: {},
        })
      : undefined;
    const unlocked = await this.store.unlock(account, event);
    if (unlocked) this.logger.log({ msg: 'account unlocked', account });
    return { unlocked };
  }
}
