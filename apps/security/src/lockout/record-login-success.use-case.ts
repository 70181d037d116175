import { Injectable } from '@nestjs/common';
import { LoginAttempt } from '@portcullis/contracts';
import { LoginAttemptStore } from './login-attempt.store';
import { loginSubjectOf } from './login-subject';

/** A correct password resets the account's count, so old typos never add up to a lock. */
@Injectable()
export class RecordLoginSuccessUseCase {
  constructor(private readonly store: LoginAttemptStore) {}

  async execute(attempt: LoginAttempt): Promise<void> {
    await this.store.clearFailures(loginSubjectOf(attempt).account);
  }
}
