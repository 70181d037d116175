import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';

/** One answer for unknown email and wrong password, so the reply never says which it was. */
export function invalidCredentials(message = 'Invalid email or password'): AppError {
  return new AppError(ErrorCode.AUTH_INVALID_CREDENTIALS, message);
}

export function accountDisabled(): AppError {
  return new AppError(ErrorCode.AUTH_ACCOUNT_DISABLED, 'This account is disabled');
}
