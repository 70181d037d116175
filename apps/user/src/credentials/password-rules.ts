import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { checkPasswordPolicy, preparePasswordPolicy } from '@portcullis/security';

export interface PasswordContext {
  /** The account's (normalised) email: its local part may not appear in the password. */
  email: string;
  /** The request field the password came in, so the client can point at it. */
  field: 'password' | 'newPassword';
  /** On a change: the password being replaced, which the new one must differ from. */
  current?: string;
}

/** DESIGN §3's password policy with this deployment's minimum length. */
export class PasswordRules {
  constructor(readonly minLength: number) {
    preparePasswordPolicy();
  }

  assertAcceptable(password: unknown, context: PasswordContext): asserts password is string {
    const result = checkPasswordPolicy(password as string, { minLength: this.minLength, email: context.email });
    const reasons = result.ok ? [] : [...result.reasons];
    if (context.current !== undefined && password === context.current) {
      reasons.unshift('The new password must differ from the current one');
    }
    if (reasons.length) {
      throw new AppError(ErrorCode.AUTH_WEAK_PASSWORD, 'Password does not meet the policy', {
        errors: [{ field: context.field, messages: reasons }],
      });
    }
  }
}
